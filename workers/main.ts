/** `npm run workers`: the worker process (production runs it apart from the API). */

import { bootPlatform } from '../src/boot.js';
import { installMemoryProbe } from '../src/lib/memory-probe.js';
import { installProcessGuards, loadConfigOrExit, onShutdown, processLogger } from '../src/lib/process.js';
import { startWorkers } from './index.js';

const config = loadConfigOrExit();
const logger = processLogger(config);
installProcessGuards(logger);
installMemoryProbe();

async function main(): Promise<void> {
  const platform = await bootPlatform(config, logger);
  const running = await startWorkers(platform.deps);
  onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
    await running.close();
    await platform.close();
  });
}

main().catch((err) => {
  logger.fatal({ err }, 'workers failed to start');
  process.exit(1);
});
