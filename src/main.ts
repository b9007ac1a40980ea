/**
 * The composition root: the one place that opens the store, builds the Hugging Face source,
 * prepares the chat platforms and their posters, builds the use cases, the scheduler and follow
 * alerts, starts the health endpoint, and stops them all in order. Everything else receives what it needs as
 * arguments; nothing built here is handed back up and bound later.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Config } from './config.js';
import { AppError, ErrorCode } from './core/errors.js';
import { createDomainEvents } from './core/events.js';
import { systemClock, type Alerters, type Clock, type DigestPoster, type PaperSource, type Posters, type Stores } from './core/ports.js';
import { DEFAULT_SCHEDULE } from './core/subscriptions/subscribe.js';
import { createTokenBucketLimiter } from './core/fair-use/token-bucket.js';
import { createUseCases, type UseCases } from './core/use-cases.js';
import { createVotePools } from './core/votes/pools.js';
import type { Logger } from './logger.js';
import { claimsHealthCheck, exportClaims } from './ops/claims-health.js';
import { startHealthServer, type HealthServer } from './ops/health-server.js';
import { createPaperboyMetrics, type PaperboyMetrics } from './ops/paperboy-metrics.js';
import { platformHealthCheck } from './ops/platform-health.js';
import type { PlatformFactory, PreparedPlatform, RunningPlatform } from './platforms/platform.js';
import { createClaimHolder } from './scheduler/claim-holder.js';
import { nodeCron, type CronPort } from './scheduler/cron.js';
import { cachedDaySource } from './scheduler/day-cache.js';
import { createFollowAlerts, type FollowAlerts } from './scheduler/follow-alerts.js';
import { pacedPoster } from './scheduler/pacing.js';
import { createRetention } from './scheduler/retention.js';
import { createScheduler, type Scheduler } from './scheduler/scheduler.js';
import { createVoteEdits, type VoteEdits } from './scheduler/vote-edits.js';
import { createHfSource, type HfSourceOptions } from './source/hf-source.js';
import { paperboyUserAgent } from './source/http.js';
import { DEFAULT_REQUEST_BUDGET } from './source/request-budget.js';
import { openPostgresStores } from './store/postgres/stores.js';
import type { SearchCopy } from './store/postgres/search-copy/search-copy.js';
import { searchCopyHealthCheck } from './ops/search-copy-health.js';
import { openSqliteStores } from './store/sqlite/stores.js';

export const PAPERBOY_VERSION: string = (() => {
  const parsed = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return parsed.version ?? '0.0.0';
})();

/** A day's batch fetched for one channel serves every channel posting within this window. */
const DAY_CACHE_TTL_MS = 10 * 60_000;

/** The Hugging Face source as configured; shared by `start` and `ingest` (which may set a budget). */
export function createSourceFromConfig(config: Config, logger: Logger, budget?: HfSourceOptions['requestBudget']): PaperSource {
  const configured = config.huggingFace.requestsPerFiveMinutes;
  const requestBudget = budget ?? (configured === undefined ? undefined : { ...DEFAULT_REQUEST_BUDGET, requests: configured });
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

/** Every store port, as the composition root and the CLI open them. */
export interface OpenedStores extends Stores {
  /** After a bulk load (a backfill), makes searches fast again; see each engine's stores.ts. */
  optimizeSearch(): Promise<void>;
  /** PostgreSQL's local search copy, when this instance keeps one. */
  readonly searchCopy?: SearchCopy;
}

/**
 * The store the configuration names, opened and migrated: PostgreSQL when DATABASE_URL is set
 * (what several instances share), else the embedded SQLite file. `searchCopy`: keep this
 * instance's local search copy (a running bot); the CLI's short runs search PostgreSQL and leave
 * the bot's copy alone.
 */
export async function openStoresFromConfig(config: Config, cwd: string, options: { clock?: Clock; logger?: Logger; searchCopy?: boolean } = {}): Promise<OpenedStores> {
  const clock = options.clock ?? systemClock;
  if (config.database.url !== undefined) {
    const logger = options.logger?.child({ module: 'postgres' });
    const copyPath = searchCopyPath(config, cwd);
    return openPostgresStores(config.database.url, {
      clock,
      poolSize: config.database.poolSize,
      onConnectionError: (error) => logger?.warn({ err: error }, 'PostgreSQL connection lost; it is replaced on next use'),
      ...(copyPath === undefined || options.searchCopy !== true ? {} : { searchCopy: { path: copyPath, ...(options.logger ? { log: options.logger.child({ module: 'search-copy' }) } : {}) } }),
    });
  }
  return openSqliteStores(resolve(cwd, config.database.path), { clock });
}

/** Where this instance keeps its search copy on PostgreSQL, or undefined for none. */
export function searchCopyPath(config: Config, cwd: string): string | undefined {
  const configured = config.search.copyPath;
  if (configured === 'off') return undefined;
  if (configured === ':memory:') return configured;
  return configured === undefined ? join(dirname(resolve(cwd, config.database.path)), 'search-copy.db') : resolve(cwd, configured);
}

export interface Paperboy {
  readonly platforms: readonly RunningPlatform[];
  readonly scheduler: Scheduler;
  readonly followAlerts: FollowAlerts;
  readonly metrics: PaperboyMetrics;
  readonly voteEdits: VoteEdits;
  readonly useCases: UseCases;
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
  const stores = await openStoresFromConfig(config, options.cwd, { clock, logger, searchCopy: true });
  const source = metrics.countSourceErrors(createSourceFromConfig(config, logger));
  const events = createDomainEvents((error, name) => logger.error({ err: error, event: name }, 'event listener failed'));

  // Platforms first, unconnected: their posters, wrapped once, serve the scheduler, vote edits
  // and `/paperboy today` alike (one count, and on Slack one pacer per channel).
  const prepared: PreparedPlatform[] = [];
  const posters: Posters = {};
  const alerters: Alerters = {};
  for (const factory of enabled) {
    const platform = factory.prepare({ config, logger, clock, installations: stores.installations, deliveryMarks: stores.deliveryMarks });
    prepared.push(platform);
    posters[platform.name] = outboundPoster(platform, { config, clock, metrics });
    if (platform.alerter !== undefined) alerters[platform.name] = platform.alerter;
  }

  const instanceId = `${hostname()}-${String(process.pid)}-${randomBytes(3).toString('hex')}`;
  const runClaims = createClaimHolder({ claims: stores.claims, instanceId, clock });
  // Vote edits are paced on timers, so their leases run on the system clock.
  const editClaims = createClaimHolder({ claims: stores.claims, instanceId, clock: systemClock });
  const claimKinds = { digest: runClaims, vote_edit: editClaims };
  exportClaims(metrics.registry, instanceId, claimKinds);
  const pools = createVotePools(config.votes.pool, prepared.map((platform) => platform.name));
  const useCases = createUseCases({
    stores,
    pools,
    posters,
    events,
    source,
    clock,
    defaults: { ...config.digest, ...DEFAULT_SCHEDULE, weekdays: [...DEFAULT_SCHEDULE.weekdays] },
    dayOffset: config.schedule.dayOffset,
    search: { liveBudgetMs: config.search.liveBudgetMs, cacheTtlMs: config.search.cacheTtlMs, liveLimit: config.huggingFace.searchLimit },
    limiter: createTokenBucketLimiter({ burst: config.limits.commandBurst, perMinute: config.limits.commandsPerMinute }),
    maxSubscriptionsPerCommunity: config.limits.subscriptionsPerCommunity,
    followLimits: { maxFollowsPerPerson: config.follows.maxPerPerson },
  });
  const voteEdits = createVoteEdits({ ...stores, editClaims, posters, events, logger: logger.child({ module: 'vote-edits' }), editsPerMinute: config.votes.editsPerMinute, pools });
  const scheduler = createScheduler({
    deps: { ...stores, source: cachedDaySource(source, { ttlMs: DAY_CACHE_TTL_MS, clock }), clock, pools, events },
    posters,
    events,
    channelLock: stores.channelLock,
    claims: runClaims,
    policy: {
      dayOffset: config.schedule.dayOffset,
      coverage: { lookbackDays: config.schedule.lookbackDays, thinDayPapers: config.schedule.thinDayPapers },
      pauseAfterFailures: config.schedule.pauseAfterFailures,
      graceMs: config.schedule.graceHours * 3_600_000,
      retryDelaysMs: config.schedule.retryMinutes.map((minutes) => minutes * 60_000),
      channelConcurrency: config.schedule.channelConcurrency,
      tickMs: config.schedule.tickSeconds * 1000,
      claimLeaseMs: config.schedule.claimLeaseSeconds * 1000,
    },
    cron: options.cron ?? nodeCron,
    logger: logger.child({ module: 'scheduler' }),
    onOutcome: (channel, outcome) => metrics.recordRun(channel.platform, outcome),
    rateLimits: Object.fromEntries(prepared.map((platform) => [platform.name, platform.rateLimits])),
  });

  const retention = createRetention({ ledger: stores.ledger, runs: stores.runs, claims: stores.claims, marks: stores.deliveryMarks, clock, policy: config.retention, logger: logger.child({ module: 'retention' }) });

  const followAlerts = createFollowAlerts({ deps: { ...stores, alerters, clock }, events, logger: logger.child({ module: 'follow-alerts' }) });

  const running: RunningPlatform[] = [];
  let health: HealthServer | undefined;
  try {
    for (const platform of prepared) {
      const started = await platform.start({
        useCases,
        observeCommand: (command, seconds) => metrics.observeCommand(platform.name, command, seconds),
        observeRefusal: (name, reason) => metrics.countRefusal(name, reason),
        observeThrottled: (name) => metrics.countThrottled(name),
      });
      running.push(started);
      const shards = started.shards?.bind(started);
      if (shards !== undefined) metrics.watchShards(started.name, shards);
      logger.info({ platform: platform.name }, 'platform started');
    }
    await scheduler.start();
    retention.start();
    await followAlerts.start();
    if (config.health.port !== undefined) {
      health = await startHealthServer({
        port: config.health.port,
        host: config.health.host,
        metrics: () => metrics.registry.render(),
        checks: [
          { name: 'store', problem: () => stores.problem() },
          ...(stores.searchCopy ? [searchCopyHealthCheck(stores.searchCopy)] : []),
          ...running.map(platformHealthCheck),
          claimsHealthCheck(instanceId, claimKinds),
        ],
      });
      logger.info({ port: health.port }, 'health endpoint listening');
    }
  } catch (error) {
    retention.stop();
    await scheduler.stop();
    await followAlerts.stop();
    voteEdits.stop();
    await Promise.allSettled(running.map((platform) => platform.stop()));
    await health?.close();
    await stores.close();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    platforms: running,
    scheduler,
    followAlerts,
    voteEdits,
    useCases,
    metrics,
    healthPort: health?.port,
    stop() {
      stopping ??= (async () => {
        // Order matters: no new digests, finish the post in flight, then disconnect and close.
        retention.stop();
        await scheduler.stop();
        await followAlerts.stop();
        voteEdits.stop();
        const results = await Promise.allSettled(running.map((platform) => platform.stop()));
        for (const [index, result] of results.entries()) {
          if (result.status === 'rejected') logger.error({ platform: running[index]?.name, err: result.reason }, 'platform did not stop cleanly');
        }
        await health?.close();
        await stores.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}

/** What every platform's poster is wrapped in, once: a count for /metrics and, on Slack, pacing. */
function outboundPoster(platform: PreparedPlatform, options: { config: Config; clock: Clock; metrics: PaperboyMetrics }): DigestPoster {
  const counted = options.metrics.countPosts(platform.name, platform.poster);
  // discord.js paces itself from Discord's rate-limit headers; Slack publishes only a rule of thumb.
  return platform.name === 'slack' ? pacedPoster(counted, { minIntervalMs: options.config.schedule.slackMinIntervalMs, clock: options.clock }) : counted;
}
