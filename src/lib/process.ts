/**
 * Process plumbing shared by the API and worker entry points: configuration
 * errors as one line, process-level guards for errors nothing handled, and
 * graceful shutdown on SIGINT/SIGTERM with a limit.
 */
import { type Config, ConfigError, parseConfig } from './config.js';
import { isConnectionLoss } from './db/connection-loss.js';
import { createLogger, type Logger, setLogger } from './logger.js';

export function loadConfigOrExit(): Config {
  try {
    return parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

export function processLogger(config: Config): Logger {
  const logger = createLogger({
    level: config.LOG_LEVEL,
    pretty: !config.isProduction && process.stdout.isTTY,
  });
  setLogger(logger);
  return logger;
}

/**
 * Runs `stop` once on the first SIGINT/SIGTERM; a second signal or the time limit forces exit.
 * One Ctrl-C often arrives two or three times within milliseconds (the terminal
 * signals the whole process group, and npm forwards it to its child too), so
 * repeats within DUPLICATE_SIGNAL_MS of the first are the same request.
 */
const DUPLICATE_SIGNAL_MS = 1_500;

export function onShutdown(logger: Logger, timeoutMs: number, stop: () => Promise<void>): void {
  let stoppingSince = 0;
  const handler = (signal: string) => {
    if (stoppingSince) {
      if (Date.now() - stoppingSince < DUPLICATE_SIGNAL_MS) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, timeoutMs);
    force.unref();
    stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}

/**
 * Errors nothing handled. A lost database or queue connection (a terminated
 * session, a restarting server) fails only the work it was doing: it is
 * logged and the process carries on — pools and queue clients reconnect by
 * themselves. A stray rejected promise is logged too. Any other uncaught
 * exception leaves the process in an unknown state: it is logged as fatal and
 * the process exits with status 1 for its supervisor to restart it (see the
 * README, "Running in production").
 */
export function installProcessGuards(logger: Logger, exit: (code: number) => void = process.exit): void {
  process.on('unhandledRejection', (reason) => {
    if (isConnectionLoss(reason)) logger.warn({ err: reason }, 'unhandled rejection: lost connection');
    else logger.error({ err: reason }, 'unhandled rejection');
  });
  process.on('uncaughtException', (err, origin) => {
    if (isConnectionLoss(err)) {
      logger.warn({ err, origin }, 'uncaught lost-connection error; carrying on');
      return;
    }
    logger.fatal({ err, origin }, 'uncaught exception; exiting for the supervisor to restart the process');
    exit(1);
  });
}
