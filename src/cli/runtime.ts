/** Loads configuration and builds the logger for a CLI command; the only env reader besides main. */
import { join } from 'node:path';
import { formatConfigProblems, loadConfig, type Config } from '../config.js';
import { AppError, ErrorCode } from '../core/errors.js';
import { createLogger, type Logger } from '../logger.js';
import type { CliIo } from './io.js';

export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
}

export function loadRuntime(io: CliIo, options: { quietByDefault?: boolean } = {}): Runtime {
  const result = loadConfig({ configDir: join(io.cwd, 'config'), env: io.env });
  if (!result.ok) throw new AppError(ErrorCode.ConfigInvalid, formatConfigProblems(result.problems));
  const config = result.config;
  // Commands that print results keep the log to warnings unless LOG_LEVEL asks for more.
  const level = options.quietByDefault && io.env.LOG_LEVEL === undefined ? 'warn' : config.log.level;
  const logger = io.interactive
    ? createLogger({ level, pretty: true })
    : createLogger({ level, pretty: false, destination: streamDestination(io) });
  return { config, logger };
}

function streamDestination(io: CliIo) {
  return { write: (line: string) => io.stderr.write(line) };
}
