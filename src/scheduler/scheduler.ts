/**
 * Runs every subscription's digest at its local time: one node-cron job per subscription (a
 * weekly one fires on its one weekday), plus a ticker that makes up runs missed while the bot
 * was down (within a grace period), resumes unfinished ones and retries failures with backoff.
 * A run is owed while the channel has not had every papers-day up to the newest one its
 * schedule covers; the digest itself (core/digest/deliver.ts) works out which days those are, so
 * a channel that missed several slots gets them all in its next digest. Deliveries are idempotent (digest runs and
 * the post ledger), so a cron tick and a ticker pass racing each other post nothing twice.
 *
 * Several instances sharing one database all schedule every subscription; each due run is
 * claimed (a lease in the store, renewed while the run lasts) by the first instance to start it,
 * and the others pass it by. A failed run keeps its claim until its retry is due, so the back-off
 * holds across instances too. An instance that dies mid-run stops renewing: once the lease ends,
 * another instance's ticker finds the run unfinished, claims it and resumes it through the ledger.
 */
import { channelKey, type ChannelRef, type PlatformName } from '../core/channels.js';
import { channelCoverage } from '../core/digest/channel-coverage.js';
import { deliverDigest, digestTarget, type DeliveryDeps, type DeliveryOutcome, type DeliveryPolicy } from '../core/digest/deliver.js';
import { describeError } from '../core/errors.js';
import { cronExpression, previousRunAt } from '../core/subscriptions/schedule.js';
import type { Logger } from '../logger.js';
import type { CronJob, CronPort } from './cron.js';
import { createWorkQueue, laneOf, type RateLimitScope, type WorkQueue } from './pacing.js';
import type { DomainEvents } from '../core/events.js';
import type { ChannelLock, Posters } from '../core/ports.js';
import type { ClaimHolder } from './claim-holder.js';
import type { Subscription } from '../core/subscription.js';

/** Subscriptions whose due runs are looked up at once in a pass. */
const DUE_CHECKS_AT_ONCE = 8;

export interface SchedulerPolicy extends DeliveryPolicy {
  /** How late a missed run may still be made up. */
  readonly graceMs: number;
  /** Waits between retries of a failed run; the last repeats until the grace period ends. */
  readonly retryDelaysMs: readonly number[];
  /** Channels of one lane (a platform, or one workspace of it: pacing.ts) worked on at once. */
  readonly channelConcurrency: number;
  /** How often the ticker looks for missed, unfinished and retryable runs. */
  readonly tickMs: number;
  /**
   * How long a claim on a run lasts unrenewed (it is renewed every third of it while the run
   * lasts): how long a run of an instance that died waits before another takes it over.
   */
  readonly claimLeaseMs: number;
}

export interface SchedulerOptions {
  readonly deps: Omit<DeliveryDeps, 'poster'>;
  readonly posters: Posters;
  readonly policy: SchedulerPolicy;
  readonly cron: CronPort;
  readonly logger: Logger;
  /** Shared with `/paperboy today`, so the two never post to one channel at once. */
  readonly channelLock: ChannelLock;
  /** This instance's claims on due runs, so each run is worked by one instance. */
  readonly claims: ClaimHolder;
  /** Schedules follow subscription changes as they happen. */
  readonly events?: DomainEvents | undefined;
  /** Called after every delivery, for metrics. */
  readonly onOutcome?: (channel: ChannelRef, outcome: DeliveryOutcome) => void;
  /** Whose rate limits each platform's posts spend; a platform left out queues as one lane. */
  readonly rateLimits?: Partial<Record<PlatformName, RateLimitScope>>;
}

export interface Scheduler {
  /** Schedules every subscription and starts making up missed runs (without waiting for them). */
  start(): Promise<void>;
  /** Reconciles cron jobs with the stored subscriptions (added, changed, removed). */
  sync(): Promise<void>;
  /** Delivers every run that is due at `now`, and waits for them. */
  runDue(now?: Date): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when no delivery is in flight (tests and benchmarks). */
  idle(): Promise<void>;
}

interface Job {
  readonly expression: string;
  readonly timezone: string;
  readonly cron: CronJob;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { deps, policy, logger } = options;
  const lock = options.channelLock;
  const jobs = new Map<string, Job>();
  const retries = new Map<string, { attempt: number; retryAt: number }>();
  const inFlight = new Map<string, Promise<void>>();
  const queues = new Map<string, WorkQueue>();
  let ticker: NodeJS.Timeout | undefined;
  let stopped = false;

  const queueFor = (lane: string) => {
    let queue = queues.get(lane);
    if (!queue) queues.set(lane, (queue = createWorkQueue(policy.channelConcurrency)));
    return queue;
  };

  async function isDue(subscription: Subscription, now: Date): Promise<Date | undefined> {
    if (subscription.pausedAt !== undefined || !options.posters[subscription.platform]) return undefined;
    const due = previousRunAt(subscription, now);
    if (!due) return undefined;
    // A run scheduled before the channel subscribed is not owed; one older than the grace period is skipped.
    if (due.getTime() < Date.parse(subscription.createdAt) || now.getTime() - due.getTime() > policy.graceMs) return undefined;
    // Nothing is owed when the channel has had every papers-day up to the one this run would end on.
    const { coverage, current } = await channelCoverage(deps.runs, subscription);
    if (current === undefined && coverage !== undefined && coverage.through >= digestTarget(due, policy)) return undefined;
    const retry = retries.get(channelKey(subscription));
    if (retry && retry.retryAt > now.getTime()) return undefined;
    return due;
  }

  /** `now`: when the run was found due, the time its claim is checked at. */
  function deliver(channel: ChannelRef, scheduledFor: Date, now: Date): Promise<void> {
    const key = channelKey(channel);
    const running = inFlight.get(key);
    if (running) return running;
    const poster = options.posters[channel.platform];
    if (!poster || stopped) return Promise.resolve();
    const lane = laneOf(channel, options.rateLimits ?? {});
    const queue = queueFor(lane);
    const task = queue
      .push(async () => {
        // Queued before a shutdown began: leave it due, the next start delivers it.
        if (stopped) return;
        const log = logger.child({ platform: channel.platform, channel: channel.channelId });
        if (!(await claimRun(channel, key, now, log))) return;
        const renewal = setInterval(() => void renew(key, log), Math.max(1, Math.floor(policy.claimLeaseMs / 3)));
        renewal.unref();
        let outcome: DeliveryOutcome;
        try {
          outcome = await lock.run(key, () => deliverDigest({ ...deps, poster }, policy, channel, scheduledFor));
        } catch (error) {
          // A store or programming error: log it and treat the run as one to retry.
          log.error({ err: error }, 'digest delivery crashed');
          outcome = { status: 'retry', day: '', reason: describeError(error), permanent: false };
        } finally {
          clearInterval(renewal);
        }
        await afterDelivery(key, outcome, log);
        options.onOutcome?.(channel, outcome);
      })
      .finally(() => {
        inFlight.delete(key);
        // A lane per workspace: drop the ones that went quiet.
        if (queue.pending === 0 && queues.get(lane) === queue) queues.delete(lane);
      });
    inFlight.set(key, task);
    return task;
  }

  const claimKey = (key: string) => `digest:${key}`;

  /**
   * Claims the run for this instance; false when another instance has it, or when it turns out
   * to be no longer due (another instance finished it between this one's search and its claim).
   */
  async function claimRun(channel: ChannelRef, key: string, now: Date, log: Logger): Promise<boolean> {
    const answer = await options.claims.take(claimKey(key), policy.claimLeaseMs).catch((error: unknown) => {
      log.warn({ err: error }, 'could not claim a digest run; the next pass tries again');
      return undefined;
    });
    if (answer === undefined) return false;
    if (!answer.granted) {
      log.debug({ holder: answer.heldBy.holder, until: answer.heldBy.expiresAt }, 'digest run claimed by another instance');
      return false;
    }
    const stillDue = await deps.subscriptions
      .getSubscription(channel)
      .then(async (fresh) => fresh !== undefined && (await isDue(fresh, now)) !== undefined)
      .catch((error: unknown) => {
        log.warn({ err: error }, 'could not check a claimed digest run; the next pass tries again');
        return false;
      });
    if (stillDue) return true;
    await release(key, log);
    return false;
  }

  async function renew(key: string, log: Logger): Promise<void> {
    const answer = await options.claims.take(claimKey(key), policy.claimLeaseMs).catch((error: unknown) => {
      log.warn({ err: error }, 'could not renew the claim on a digest run');
      return undefined;
    });
    // The posts in flight stay safe through the ledger; the other instance finds them there.
    if (answer?.granted === false) log.warn({ holder: answer.heldBy.holder }, 'lost the claim on a digest run to another instance');
  }

  async function release(key: string, log: Logger): Promise<void> {
    await options.claims.release(claimKey(key)).catch((error: unknown) => log.warn({ err: error }, 'could not release a digest run claim; its lease ends it'));
  }

  async function afterDelivery(key: string, outcome: DeliveryOutcome, log: Logger): Promise<void> {
    if (outcome.status === 'retry') {
      const attempt = (retries.get(key)?.attempt ?? 0) + 1;
      const delay = policy.retryDelaysMs[Math.min(attempt, policy.retryDelaysMs.length) - 1] ?? 60_000;
      retries.set(key, { attempt, retryAt: deps.clock.now().getTime() + delay });
      log.warn({ day: outcome.day, reason: outcome.reason, permanent: outcome.permanent, attempt, retryInMs: delay }, 'digest not delivered; will retry');
      // The claim lasts until the retry is due, so no other instance retries sooner.
      await options.claims.take(claimKey(key), delay).catch((error: unknown) => log.warn({ err: error }, 'could not hold the claim until the retry'));
      return;
    }
    retries.delete(key);
    await release(key, log);
    if (outcome.status === 'paused') log.error({ day: outcome.day, reason: outcome.reason }, 'subscription paused after repeated permanent failures');
    else if (outcome.status === 'done') log.info({ day: outcome.day, posted: outcome.posted }, 'digest delivered');
    else log.debug({ outcome }, 'digest run finished');
  }

  /** Finding what is due reads the store; stop() waits for a search under way, not for the deliveries. */
  const searches = new Set<Promise<unknown>>();

  async function dueRuns(now: Date): Promise<{ subscription: Subscription; due: Date }[]> {
    const found: { subscription: Subscription; due: Date }[] = [];
    const subscriptions = await deps.subscriptions.listSubscriptions();
    // A few channels at a time: each asks the store twice, and a networked store answers faster
    // in parallel, while the connections stay free for the deliveries under way.
    for (let start = 0; start < subscriptions.length; start += DUE_CHECKS_AT_ONCE) {
      const batch = subscriptions.slice(start, start + DUE_CHECKS_AT_ONCE);
      const dues = await Promise.all(batch.map((subscription) => isDue(subscription, now)));
      batch.forEach((subscription, index) => {
        const due = dues[index];
        if (due) found.push({ subscription, due });
      });
    }
    return found;
  }

  /** Finds what is due and queues its deliveries; resolves with them once the search is done. */
  async function queueDue(now: Date): Promise<Promise<void>[]> {
    const started = Date.now();
    const search = dueRuns(now);
    searches.add(search);
    let found: Awaited<typeof search>;
    try {
      found = await search;
    } finally {
      searches.delete(search);
    }
    logger.debug({ due: found.length, ms: Date.now() - started }, 'scheduler pass found the due runs');
    return found.map(({ subscription, due }) => deliver(subscription, due, now));
  }

  async function runDue(now = deps.clock.now()): Promise<void> {
    await Promise.all(await queueDue(now));
  }

  /** One reconcile at a time: two overlapping ones could both schedule a channel. */
  let syncing: Promise<void> = Promise.resolve();
  function sync(): Promise<void> {
    syncing = syncing.then(reconcile, reconcile);
    return syncing;
  }

  async function fire(subscription: Subscription): Promise<void> {
    const now = deps.clock.now();
    const fresh = await deps.subscriptions.getSubscription(subscription);
    const due = fresh ? await isDue(fresh, now) : undefined;
    if (fresh && due) await deliver(fresh, due, now);
  }

  async function reconcile(): Promise<void> {
    if (stopped) return;
    const wanted = new Map((await deps.subscriptions.listSubscriptions()).filter((s) => options.posters[s.platform]).map((s) => [channelKey(s), s]));
    for (const [key, job] of jobs) {
      const subscription = wanted.get(key);
      if (!subscription || job.expression !== cronExpression(subscription) || job.timezone !== subscription.timezone) {
        job.cron.stop();
        jobs.delete(key);
      }
    }
    for (const [key, subscription] of wanted) {
      if (jobs.has(key) || subscription.pausedAt !== undefined) continue;
      const expression = cronExpression(subscription);
      const cron = options.cron.schedule(expression, subscription.timezone, key, () => {
        void fire(subscription).catch((error: unknown) => logger.error({ err: error, channel: subscription.channelId }, 'scheduled digest could not start'));
      });
      jobs.set(key, { expression, timezone: subscription.timezone, cron });
    }
  }

  options.events?.on('subscriptionsChanged', () => {
    sync().catch((error: unknown) => logger.error({ err: error }, 'could not sync schedules'));
  });

  return {
    async start() {
      stopped = false;
      await sync();
      // Makes up runs missed while the bot was down and resumes unfinished ones, in the
      // background: start-up (and /healthz) must not wait for a long catch-up.
      // One search at a time: on a slow store a search can outlast the tick, and searches
      // piling up would only slow each other down. The deliveries it queues go on meanwhile.
      let searching = false;
      const pass = () => {
        if (searching) return;
        searching = true;
        const queued = queueDue(deps.clock.now()).finally(() => (searching = false));
        queued
          .then((deliveries) => Promise.all(deliveries))
          .catch((error: unknown) => logger.error({ err: error }, 'scheduler pass failed'));
      };
      pass();
      ticker = setInterval(() => {
        sync().catch((error: unknown) => logger.error({ err: error }, 'could not sync schedules'));
        pass();
      }, policy.tickMs);
      ticker.unref();
    },
    sync,
    runDue,
    async stop() {
      if (ticker) clearInterval(ticker);
      // Runs found due by a pass under way are queued before the stop, as they were due before it.
      await Promise.allSettled(searches);
      stopped = true;
      for (const job of jobs.values()) job.cron.stop();
      jobs.clear();
      // The post in flight finishes; anything not yet started stays due and resumes on restart.
      await Promise.allSettled(inFlight.values());
    },
    idle: async () => {
      await Promise.allSettled(inFlight.values());
    },
  };
}
