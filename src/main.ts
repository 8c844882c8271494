/**
 * `npm start`: the API. In the embedded default (no DATABASE_URL) it also
 * starts PostgreSQL, migrates, seeds the demo store and runs the workers, so
 * one command runs everything; with DATABASE_URL and REDIS_URL nothing
 * embedded starts.
 */
import { installMemoryProbe } from './lib/memory-probe.js';
import { installProcessGuards, loadConfigOrExit, onShutdown, processLogger } from './lib/process.js';

// Configuration first, before the application graph loads: a bad environment
// stops the process in well under a second with one line.
const config = loadConfigOrExit();
const logger = processLogger(config);
installProcessGuards(logger);
installMemoryProbe();

// PostgreSQL starts and migrations run while the rest of the application loads.
const { bootPlatform } = await import('./boot.js');
const booting = bootPlatform(config, logger, {
  readCache: config.storeReadCache,
  notices: config.changeNotices,
});
booting.catch(() => {}); // awaited (and reported) in main()

const [{ serve }, { startWorkers }, { createApp }, { seedDemo }, { storeUrl }, { relocatedClusterDir }] =
  await Promise.all([
    import('@hono/node-server'),
    import('../workers/index.js'),
    import('./app.js'),
    import('./flows/seed-demo.js'),
    import('./lib/config.js'),
    import('./lib/embedded-pg-home.js'),
  ]);

async function main(): Promise<void> {
  const platform = await booting;
  const { deps } = platform;
  const seeded = config.seedDemo ? await seedDemo(deps) : undefined;
  const workers = config.runWorkers ? await startWorkers(deps) : undefined;
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });

  onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
    // Stop accepting, let in-flight requests finish, then workers, then pools.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await workers?.close();
    await platform.close();
  });

  const ms = Math.round(performance.now()); // since the process started
  const lines = [
    '',
    `  Storeloom is running (${ms} ms, ${config.embedded ? 'embedded PostgreSQL' : 'external PostgreSQL'}, queue on ${deps.hub.backend})`,
    '',
    `  Platform        ${config.PUBLIC_URL}`,
    `  Sign up         ${config.PUBLIC_URL}/signup`,
    `  Console         ${config.PUBLIC_URL}/console`,
    `  API docs        ${config.PUBLIC_URL}/api/docs`,
  ];
  if (seeded) {
    const demo = storeUrl(config, seeded.handle);
    lines.push(`  Demo store      ${demo}`, `  Demo admin      ${demo}/admin`);
    if (seeded.createdCredentials) {
      lines.push('', '  Created now (shown once, keep them):');
      for (const c of seeded.createdCredentials)
        lines.push(`    ${c.label.padEnd(14)} ${c.email} / ${c.password}`);
    }
  }
  if (config.embedded) {
    lines.push('', `  Data            ${config.dataDir}  (delete it for a fresh platform)`);
    const cluster = relocatedClusterDir(config.dataDir);
    if (cluster) lines.push(`  PostgreSQL data ${cluster}  (the postgres OS user cannot reach DATA_DIR)`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((err) => {
  logger.fatal({ err }, 'failed to start');
  process.stderr.write(`Storeloom failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
