/**
 * `npm run stripe:setup`: creates or finds the plan products and monthly
 * prices and the two webhook endpoints in Stripe (src/modules/billing/
 * stripe-setup.ts), idempotently, prints what it did and the environment
 * lines to set. Needs STRIPE_SECRET_KEY (test mode first) and PUBLIC_URL;
 * boots the platform like the API (DATABASE_URL or embedded) to read the
 * plans table. Re-running it changes nothing.
 */
import { bootPlatform } from '../src/boot.js';
import { STRIPE_EVENT_HANDLERS } from '../src/flows/stripe-events.js';
import { AppError } from '../src/lib/errors.js';
import { loadConfigOrExit, processLogger } from '../src/lib/process.js';
import { runStripeSetup } from '../src/modules/billing/stripe-setup.js';

const config = loadConfigOrExit();
const logger = processLogger(config);
const platform = await bootPlatform(config, logger);
try {
  const started = performance.now();
  const r = await runStripeSetup(platform.deps, Object.keys(STRIPE_EVENT_HANDLERS));
  for (const a of r.actions) process.stdout.write(`${a}\n`);
  process.stdout.write(`\n# Set these (${Math.round(performance.now() - started)} ms):\n`);
  for (const [k, v] of Object.entries(r.env)) process.stdout.write(`${k}=${v}\n`);
  if (!r.env.STRIPE_WEBHOOK_SECRET)
    process.stdout.write(
      '# STRIPE_WEBHOOK_SECRET: unchanged (endpoints existed; Stripe shows a secret only once)\n',
    );
} catch (err) {
  if (err instanceof AppError) process.stderr.write(`${err.message}\n`);
  else logger.error({ err }, 'stripe:setup failed');
  process.exitCode = 1;
} finally {
  await platform.close();
}
