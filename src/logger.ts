/**
 * The root pino logger. Components take `logger.child({ module: '…' })`. Every logged value
 * passes through log-redaction.ts first: secret-named keys at any depth and in any case,
 * token shapes in any string, and the configured secrets themselves never reach a line, so a
 * config object, an HTTP header or an SDK error logged whole leaks nothing.
 */
import { pino, type Logger, type LevelWithSilent } from 'pino';
import { createScrubber, redactDeep } from './log-redaction.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Human-readable lines instead of JSON; default: only when stderr is a terminal. */
  pretty?: boolean;
  /** Where lines go; default stderr, so stdout stays clean for command output. */
  destination?: pino.DestinationStream;
  /** Values (tokens, the signing secret) removed wherever they appear, even inside text. */
  secrets?: readonly (string | undefined)[];
}

export function createLogger(options: LoggerOptions): Logger {
  const scrub = createScrubber(options.secrets);
  const base: pino.LoggerOptions = {
    level: options.level,
    base: { app: 'paperboy' },
    formatters: { log: (object) => redactDeep(object, scrub) as Record<string, unknown> },
    // redactDeep already turned errors into pino's shape; the default err serializer would
    // take that plain object for an error again and call its type "Object".
    serializers: { err: (value: unknown) => value },
    hooks: {
      // The message text too: `logger.warn('retrying ' + url)` must not print a token either.
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrub(arg) : arg)) as Parameters<pino.LogFn>);
      },
    },
  };
  if (options.destination) return pino(base, options.destination);
  const pretty = options.pretty ?? process.stderr.isTTY;
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, ignore: 'pid,hostname,app' } },
    });
  }
  return pino(base, pino.destination({ dest: 2, sync: true }));
}

/** A logger that drops everything, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
