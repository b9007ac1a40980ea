/**
 * The composition root: the one place that opens the database, builds the Hugging Face source
 * and constructs the chat platforms. Everything else receives what it needs as arguments.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from './config.js';
import { AppError, ErrorCode } from './core/errors.js';
import { systemClock, type Clock, type PaperSource } from './core/ports.js';
import type { Logger } from './logger.js';
import type { PlatformDeps, PlatformFactory, RunningPlatform } from './platforms/platform.js';
import { createHfSource } from './source/hf-source.js';
import { paperboyUserAgent } from './source/http.js';
import { DEFAULT_SCHEDULE } from './core/subscriptions.js';
import { createUseCases, type UseCases } from './core/use-cases.js';
import { openDatabase } from './store/sqlite.js';
import { createSqliteStores, type Stores } from './store/stores.js';

export const PAPERBOY_VERSION: string = (() => {
  const parsed = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return parsed.version ?? '0.0.0';
})();

/** The Hugging Face source as configured; shared by `start` and `ingest`. */
export function createSourceFromConfig(config: Config, logger: Logger): PaperSource {
  return createHfSource({
    baseUrl: config.huggingFace.baseUrl,
    token: config.huggingFace.token,
    timeoutMs: config.huggingFace.timeoutMs,
    retries: config.huggingFace.retries,
    userAgent: paperboyUserAgent(PAPERBOY_VERSION),
    logger: logger.child({ module: 'hf' }),
  });
}

export function useCasesFromConfig(config: Config, stores: Stores, source: PaperSource | undefined, clock: Clock): UseCases {
  return createUseCases({
    ...stores,
    source,
    clock,
    defaults: { ...config.digest, ...DEFAULT_SCHEDULE, weekdays: [...DEFAULT_SCHEDULE.weekdays], keywords: [] },
    search: { liveBudgetMs: config.search.liveBudgetMs, cacheTtlMs: config.search.cacheTtlMs, liveLimit: config.huggingFace.searchLimit },
  });
}

export interface Paperboy {
  readonly platforms: readonly RunningPlatform[];
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly cwd: string;
  readonly platforms: readonly PlatformFactory[];
  readonly clock?: Clock;
}

export async function startPaperboy(options: StartOptions): Promise<Paperboy> {
  const { config, logger } = options;
  const enabled = options.platforms.filter((platform) => platform.missing(config) === undefined);
  if (enabled.length === 0) {
    const reasons = options.platforms.map((platform) => `  ${platform.name}: ${platform.missing(config) ?? ''}`);
    throw new AppError(
      ErrorCode.ConfigInvalid,
      ['No chat platform has credentials, so there is nothing to start:', ...reasons,
        'Set them in .env (see .env.example), or try "npm run demo" for an offline run.'].join('\n'),
    );
  }

  const clock = options.clock ?? systemClock;
  const stores = createSqliteStores(openDatabase(resolve(options.cwd, config.database.path)), { clock });
  const useCases = useCasesFromConfig(config, stores, createSourceFromConfig(config, logger), clock);
  const deps: PlatformDeps = { config, logger, useCases, clock };

  const running: RunningPlatform[] = [];
  try {
    for (const platform of enabled) {
      running.push(await platform.start(deps));
      logger.info({ platform: platform.name }, 'platform started');
    }
  } catch (error) {
    await Promise.allSettled(running.map((platform) => platform.stop()));
    stores.close();
    throw error;
  }

  let stopped = false;
  return {
    platforms: running,
    async stop() {
      if (stopped) return;
      stopped = true;
      const results = await Promise.allSettled(running.map((platform) => platform.stop()));
      for (const [index, result] of results.entries()) {
        if (result.status === 'rejected') logger.error({ platform: running[index]?.name, err: result.reason }, 'platform did not stop cleanly');
      }
      stores.close();
      logger.info('stopped');
    },
  };
}
