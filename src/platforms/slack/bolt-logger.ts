/**
 * Bolt, its WebClient and the Socket Mode client log through this adapter into our pino logger.
 * pino redacts by key, but Bolt logs preformatted strings (request bodies and URLs at debug),
 * so every string is also scrubbed of Slack tokens and of the configured secrets themselves.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { createScrubber } from '../../log-redaction.js';
import type { Logger } from '../../logger.js';

/** Bolt's strings scrubbed by the same rules as every other log value (log-redaction.ts). */
export const createTokenScrubber = createScrubber;

/** Bolt's level for a pino level, so Bolt skips building messages pino would drop. */
export function boltLevelFor(level: string): LogLevel {
  if (level === 'trace' || level === 'debug') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

type PinoMethod = 'debug' | 'info' | 'warn' | 'error';

export function createBoltLogger(logger: Logger, secrets: readonly (string | undefined)[]): BoltLogger {
  const scrub = createTokenScrubber(secrets);
  let name = 'bolt';

  function write(method: PinoMethod, parts: readonly unknown[]): void {
    if (!logger.isLevelEnabled(method)) return;
    const error = parts.find((part): part is Error => part instanceof Error);
    const text = parts
      .filter((part) => part !== error)
      .map((part) => (typeof part === 'string' ? part : safeJson(part)))
      .join(' ');
    const fields: Record<string, unknown> = { component: name };
    if (error !== undefined) fields.err = { type: error.name, message: scrub(error.message), code: (error as { code?: unknown }).code };
    logger[method](fields, scrub(text || error?.message || ''));
  }

  return {
    debug: (...msg: unknown[]) => { write('debug', msg); },
    info: (...msg: unknown[]) => { write('info', msg); },
    warn: (...msg: unknown[]) => { write('warn', msg); },
    error: (...msg: unknown[]) => { write('error', msg); },
    // pino's level is the one that counts; Bolt asks for this one at start-up.
    setLevel: () => undefined,
    getLevel: () => boltLevelFor(logger.level),
    setName: (value: string) => {
      name = value;
    },
  };
}

function safeJson(value: unknown): string {
  try {
    // undefined and functions stringify to undefined, whatever the type says.
    const json = JSON.stringify(value) as string | undefined;
    return json ?? String(value);
  } catch {
    return String(value);
  }
}
