/**
 * The composition root: the one place that opens the database, builds the Hugging Face source,
 * constructs the chat platforms, the scheduler and the health endpoint, and stops them in order.
 * Everything else receives what it needs as arguments.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from './config.js';
import type { PlatformName } from './core/channels.js';
import { PLATFORM_NAMES } from './core/channels.js';
import { AppError, ErrorCode } from './core/errors.js';
import type { DigestPoster } from './core/post-digest.js';
import { systemClock, type Clock, type PaperSource } from './core/ports.js';
import { DEFAULT_SCHEDULE } from './core/subscriptions.js';
import { createChannelLock, type ChannelLock } from './core/channel-lock.js';
import { createUseCases, type UseCases } from './core/use-cases.js';
import type { Logger } from './logger.js';
import { startHealthServer, type HealthServer } from './ops/health-server.js';
import { createPaperboyMetrics, type PaperboyMetrics } from './ops/paperboy-metrics.js';
import type { PlatformDeps, PlatformFactory, RunningPlatform } from './platforms/platform.js';
import { nodeCron, type CronPort } from './scheduler/cron.js';
import { cachedDaySource } from './scheduler/day-cache.js';
import { pacedPoster } from './scheduler/pacing.js';
import { createScheduler, type Scheduler } from './scheduler/scheduler.js';
import { createVoteEdits, type VoteEdits } from './scheduler/vote-edits.js';
import { createHfSource, type HfSourceOptions } from './source/hf-source.js';
import { paperboyUserAgent } from './source/http.js';
import { openDatabase } from './store/sqlite.js';
import { createSqliteStores, type Stores } from './store/stores.js';

export const PAPERBOY_VERSION: string = (() => {
  const parsed = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return parsed.version ?? '0.0.0';
})();

/** A day's batch fetched for one channel serves every channel posting within this window. */
const DAY_CACHE_TTL_MS = 10 * 60_000;

/** The Hugging Face source as configured; shared by `start` and `ingest` (which may set a budget). */
export function createSourceFromConfig(config: Config, logger: Logger, requestBudget?: HfSourceOptions['requestBudget']): PaperSource {
  return createHfSource({
    baseUrl: config.huggingFace.baseUrl,
    token: config.huggingFace.token,
    timeoutMs: config.huggingFace.timeoutMs,
    retries: config.huggingFace.retries,
    userAgent: paperboyUserAgent(PAPERBOY_VERSION),
    logger: logger.child({ module: 'hf' }),
    requestBudget,
  });
}

export function useCasesFromConfig(
  config: Config,
  stores: Stores,
  source: PaperSource | undefined,
  clock: Clock,
  hooks: { onSubscriptionsChanged?: () => void; onVotesChanged?: (paperId: string) => void; channelLock?: ChannelLock } = {},
): UseCases {
  return createUseCases({
    ...stores,
    source,
    clock,
    defaults: { ...config.digest, ...DEFAULT_SCHEDULE, weekdays: [...DEFAULT_SCHEDULE.weekdays], keywords: [] },
    search: { liveBudgetMs: config.search.liveBudgetMs, cacheTtlMs: config.search.cacheTtlMs, liveLimit: config.huggingFace.searchLimit },
    onSubscriptionsChanged: hooks.onSubscriptionsChanged,
    onVotesChanged: hooks.onVotesChanged,
    channelLock: hooks.channelLock,
  });
}

export interface Paperboy {
  readonly platforms: readonly RunningPlatform[];
  readonly scheduler: Scheduler;
  readonly metrics: PaperboyMetrics;
  readonly voteEdits: VoteEdits;
  /** The health endpoint's port, when HEALTH_PORT is set. */
  readonly healthPort?: number | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly cwd: string;
  readonly platforms: readonly PlatformFactory[];
  readonly clock?: Clock;
  /** Timer source for schedules; tests pass a fake. */
  readonly cron?: CronPort;
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
  const metrics = createPaperboyMetrics();
  const stores = createSqliteStores(openDatabase(resolve(options.cwd, config.database.path)), { clock });
  const source = metrics.countSourceErrors(createSourceFromConfig(config, logger));
  let scheduler: Scheduler | undefined;
  let voteEdits: VoteEdits | undefined;
  // One lock for `/paperboy today` and the scheduler: never two digests into one channel at once.
  const channelLock = createChannelLock();
  const useCases = useCasesFromConfig(config, stores, source, clock, {
    onSubscriptionsChanged: () => scheduler?.sync(),
    onVotesChanged: (paperId) => voteEdits?.votesChanged(paperId),
    channelLock,
  });

  const running: RunningPlatform[] = [];
  let health: HealthServer | undefined;
  try {
    for (const platform of enabled) {
      const deps: PlatformDeps = {
        config,
        logger,
        useCases,
        clock,
        observeCommand: (command, seconds) => metrics.observeCommand(platform.name, command, seconds),
        wrapPoster: (poster) => outboundPoster(platform.name, poster, { config, clock, metrics }),
      };
      running.push(await platform.start(deps));
      logger.info({ platform: platform.name }, 'platform started');
    }
    const posters = postersOf(running);
    voteEdits = createVoteEdits({ ...stores, posters, clock, logger: logger.child({ module: 'vote-edits' }) });
    scheduler = createScheduler({
      deps: { ...stores, source: cachedDaySource(source, { ttlMs: DAY_CACHE_TTL_MS, clock }), clock },
      posters,
      policy: {
        dayOffset: config.schedule.dayOffset,
        pauseAfterFailures: config.schedule.pauseAfterFailures,
        graceMs: config.schedule.graceHours * 3_600_000,
        retryDelaysMs: config.schedule.retryMinutes.map((minutes) => minutes * 60_000),
        channelConcurrency: config.schedule.channelConcurrency,
        tickMs: config.schedule.tickSeconds * 1000,
      },
      cron: options.cron ?? nodeCron,
      logger: logger.child({ module: 'scheduler' }),
      channelLock,
      onOutcome: (channel, outcome) => metrics.recordRun(channel.platform, outcome),
    });
    await scheduler.start();
    if (config.health.port !== undefined) {
      health = await startHealthServer({
        port: config.health.port,
        host: config.health.host,
        metrics: () => metrics.registry.render(),
        checks: [
          { name: 'store', problem: () => stores.problem() },
          ...running.map((platform) => ({ name: platform.name, problem: () => (platform.isConnected?.() === false ? 'not connected' : undefined) })),
        ],
      });
      logger.info({ port: health.port }, 'health endpoint listening');
    }
  } catch (error) {
    await scheduler?.stop();
    await Promise.allSettled(running.map((platform) => platform.stop()));
    await health?.close();
    stores.close();
    throw error;
  }

  const startedScheduler = scheduler;
  const startedVoteEdits = voteEdits;
  let stopping: Promise<void> | undefined;
  return {
    platforms: running,
    scheduler: startedScheduler,
    voteEdits: startedVoteEdits,
    metrics,
    healthPort: health?.port,
    stop() {
      stopping ??= (async () => {
        // Order matters: no new digests, finish the post in flight, then disconnect and close.
        await startedScheduler.stop();
        startedVoteEdits.stop();
        const results = await Promise.allSettled(running.map((platform) => platform.stop()));
        for (const [index, result] of results.entries()) {
          if (result.status === 'rejected') logger.error({ platform: running[index]?.name, err: result.reason }, 'platform did not stop cleanly');
        }
        await health?.close();
        stores.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}

/**
 * What every platform's poster is wrapped in, once, inside the platform: the scheduler, vote
 * edits and `/paperboy today` then share one count and, on Slack, one pacer per channel.
 */
function outboundPoster(platform: string, poster: DigestPoster, options: { config: Config; clock: Clock; metrics: PaperboyMetrics }): DigestPoster {
  const name = PLATFORM_NAMES.find((candidate) => candidate === platform);
  if (!name) return poster;
  const counted = options.metrics.countPosts(name, poster);
  // discord.js paces itself from Discord's rate-limit headers; Slack publishes only a rule of thumb.
  return name === 'slack' ? pacedPoster(counted, { minIntervalMs: options.config.schedule.slackMinIntervalMs, clock: options.clock }) : counted;
}

/** The running platforms' posters (already wrapped by outboundPoster), by platform. */
function postersOf(running: readonly RunningPlatform[]): Partial<Record<PlatformName, DigestPoster>> {
  const posters: Partial<Record<PlatformName, DigestPoster>> = {};
  for (const platform of running) {
    const name = PLATFORM_NAMES.find((candidate) => candidate === platform.name);
    if (name && platform.poster) posters[name] = platform.poster;
  }
  return posters;
}
