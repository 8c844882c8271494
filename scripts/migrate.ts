/** `npm run migrate`: applies migrations/ and BullMQ's schema, then exits (production's explicit step). */

import { queueConfigFor } from '../src/boot.js';
import { createDb, createPool } from '../src/lib/db/index.js';
import { migrateToLatest } from '../src/lib/db/migrate.js';
import { startEmbeddedDb } from '../src/lib/embedded-db.js';
import { loadConfigOrExit, processLogger } from '../src/lib/process.js';
import { migrateQueueBackend } from '../src/lib/queue.js';

const config = loadConfigOrExit();
const logger = processLogger(config);

const embedded = config.DATABASE_URL
  ? undefined
  : await startEmbeddedDb(config.dataDir, config.EMBEDDED_PG_PORT, logger);
const ownerUrl = config.DATABASE_URL ?? embedded!.ownerUrl;
const db = createDb(createPool({ connectionString: ownerUrl, max: 1 }));
try {
  const { applied } = await migrateToLatest(db, {
    appPassword: config.APP_DB_PASSWORD ?? embedded?.appPassword,
  });
  await migrateQueueBackend(queueConfigFor(config, ownerUrl));
  logger.info({ applied }, applied.length ? 'migrations applied' : 'database already up to date');
} catch (err) {
  logger.error({ err }, 'migration failed');
  process.exitCode = 1;
} finally {
  await db.destroy();
  await embedded?.stop();
}
