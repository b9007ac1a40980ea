/** A real pino logger (with the app's redaction) whose lines land in memory. */
import { createLogger, type Logger } from '../../src/logger.js';

export interface CapturedLog {
  readonly logger: Logger;
  /** Everything written so far, one JSON line per entry. */
  text(): string;
  entries(): Record<string, unknown>[];
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  return {
    logger,
    text: () => lines.join(''),
    entries: () =>
      lines
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
