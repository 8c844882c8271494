/**
 * Structured logging (pino). JSON in production, readable lines in development.
 *
 * Secrets never reach the logs: known secret-bearing keys are redacted at any
 * depth we log, and callers log ids, not payloads.
 */
import { type Logger, pino } from 'pino';

export type { Logger };

const REDACT = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'secret',
  '*.secret',
  'clientSecret',
  '*.clientSecret',
];

export interface LoggerOptions {
  level?: string;
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? 'info';
  const redact = { paths: REDACT, censor: '[redacted]' };
  if (opts.destination) {
    return pino({ level, redact }, opts.destination as pino.DestinationStream);
  }
  if (opts.pretty) {
    return pino({
      level,
      redact,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' },
      },
    });
  }
  return pino({ level, redact });
}

/** Shared process logger; replaced at boot by `setLogger` with the configured one. */
export let logger: Logger = createLogger({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
});

export function setLogger(l: Logger): void {
  logger = l;
}
