/**
 * `npm run admin:create -- --email ops@example.com --password '…'`:
 * creates a platform admin, or promotes the existing user with that email
 * (idempotent; an existing user's password is kept). Boots the platform the
 * way the API does (embedded PostgreSQL or DATABASE_URL; migrations per
 * MIGRATE_ON_START) and exits.
 */
import { parseArgs } from 'node:util';
import { bootPlatform } from '../src/boot.js';
import { AppError } from '../src/lib/errors.js';
import { loadConfigOrExit, processLogger } from '../src/lib/process.js';
import { ensurePlatformAdmin } from '../src/modules/console/admins.js';

const { values } = parseArgs({
  options: { email: { type: 'string' }, password: { type: 'string' } },
  strict: true,
});
if (!values.email || !values.password || !/^[^@\s]+@[^@\s]+$/.test(values.email)) {
  process.stderr.write('Usage: npm run admin:create -- --email <email> --password <password (≥ 10 chars)>\n');
  process.exit(2);
}

const config = loadConfigOrExit();
const logger = processLogger(config);
const platform = await bootPlatform(config, logger);
try {
  const r = await ensurePlatformAdmin(platform.deps.db, { email: values.email, password: values.password });
  process.stdout.write(
    `${r.created ? 'Created' : 'Promoted'} platform admin ${values.email} (${r.userId}). Sign in at ${config.PUBLIC_URL}/console\n`,
  );
} catch (err) {
  if (err instanceof AppError) {
    const detail = err.issues?.map((i) => `${i.path}: ${i.message}`).join('; ');
    process.stderr.write(`${err.message}${detail ? ` — ${detail}` : ''}\n`);
  } else {
    logger.error({ err }, 'admin:create failed');
  }
  process.exitCode = 1;
} finally {
  await platform.close();
}
