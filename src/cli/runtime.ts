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
  const secrets = configSecrets(config);
  const logger = io.interactive
    ? createLogger({ level, pretty: true, secrets })
    : createLogger({ level, pretty: false, destination: streamDestination(io), secrets });
  return { config, logger };
}

/** Every secret the configuration holds, removed from log lines wherever it appears. */
export function configSecrets(config: Config): (string | undefined)[] {
  return [config.huggingFace.token, config.discord.token, config.slack.botToken, config.slack.appToken, config.slack.signingSecret, urlPassword(config.database.url)];
}

/** The password inside DATABASE_URL (PostgreSQL), which must never reach a log line either. */
function urlPassword(url: string | undefined): string | undefined {
  if (url === undefined || !URL.canParse(url)) return undefined;
  const password = new URL(url).password;
  return password === '' ? undefined : decodeURIComponent(password);
}

function streamDestination(io: CliIo) {
  return { write: (line: string) => io.stderr.write(line) };
}
