/**
 * Runs follow alerts when a papers-day is stored: one run at a time, a day asked for again while
 * its run is under way runs once more after it (it may have gained papers), and a run a killed
 * process left unfinished is taken up at start. Deliveries are ledger-guarded (core/follows/alerts.ts),
 * so running a day again sends nobody a second message.
 */
import { sendFollowAlerts, type AlertDeps } from '../core/follows/alerts.js';
import type { DomainEvents } from '../core/events.js';
import type { Logger } from '../logger.js';

export interface FollowAlerts {
  /** Takes up the alert runs a previous process left unfinished (without waiting for them). */
  start(): Promise<void>;
  /** Alerts for `day`, after any run under way. */
  run(day: string): Promise<void>;
  /** Finishes the message in flight; the rest of the run stays unfinished for the next start. */
  stop(): Promise<void>;
  /** Resolves when no run is under way or queued (tests). */
  idle(): Promise<void>;
}

export function createFollowAlerts(options: { deps: AlertDeps; events?: DomainEvents | undefined; logger: Logger }): FollowAlerts {
  const { deps, logger } = options;
  const stopping = new AbortController();
  const queued = new Map<string, Promise<void>>();
  let chain: Promise<void> = Promise.resolve();

  function run(day: string): Promise<void> {
    const waiting = queued.get(day);
    if (waiting !== undefined) return waiting;
    const next = chain.then(async () => {
      queued.delete(day);
      if (stopping.signal.aborted) return;
      try {
        const summary = await sendFollowAlerts(deps, day, { signal: stopping.signal });
        if (summary.people > 0) logger.info(summary, 'follow alerts run');
        if (summary.failed > 0) logger.warn(summary, 'some follow alerts were not sent; the next start retries them');
      } catch (error) {
        logger.error({ err: error, day }, 'follow alerts failed');
      }
    });
    queued.set(day, next);
    chain = next;
    return next;
  }

  options.events?.on('papersDayIngested', (day) => {
    void run(day);
  });

  return {
    async start() {
      for (const day of await deps.follows.unfinishedAlertRuns()) void run(day);
    },
    run,
    async stop() {
      stopping.abort();
      await chain;
    },
    idle: async () => {
      while (queued.size > 0) await chain;
      await chain;
    },
  };
}
