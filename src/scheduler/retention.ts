/**
 * Retention: the post ledger and the digest runs grow by one row per post and per channel-day
 * forever unless something forgets the old ones. Once at start and then every few hours, rows
 * older than the configured number of days are deleted, and so are work claims whose lease has
 * ended (a vote edit leaves one per message edited), and delivery marks that ended (a Slack
 * request or event leaves one for an hour or so). Votes are kept (they are what
 * `/paperboy top all` counts), and so are papers (the search archive).
 */
import type { Clock, DeliveryMarks, PostLedger, RunStore, WorkClaims } from '../core/ports.js';
import type { Logger } from '../logger.js';

export interface RetentionPolicy {
  /** Posts (the ledger) are kept this many days after they were sent. */
  readonly postsDays: number;
  /** Digest runs are kept this many days after they started. */
  readonly runsDays: number;
}

export const PRUNE_EVERY_MS = 6 * 3_600_000;

export interface Retention {
  /** Deletes what is past the policy now; the counts are logged. */
  pruneNow(): Promise<{ posts: number; runs: number; claims: number; marks: number }>;
  start(): void;
  stop(): void;
}

export function createRetention(options: { ledger: PostLedger; runs: RunStore; claims: WorkClaims; marks: DeliveryMarks; clock: Clock; policy: RetentionPolicy; logger: Logger; everyMs?: number }): Retention {
  let timer: NodeJS.Timeout | undefined;
  const daysAgo = (days: number) => new Date(options.clock.now().getTime() - days * 86_400_000).toISOString();

  async function pruneNow(): Promise<{ posts: number; runs: number; claims: number; marks: number }> {
    const posts = await options.ledger.prunePostsBefore(daysAgo(options.policy.postsDays));
    const runs = await options.runs.pruneRunsBefore(daysAgo(options.policy.runsDays));
    // A day's margin: instances' clocks may differ a little, and a claim that lapsed is worth nothing.
    const claims = await options.claims.pruneExpired(daysAgo(1));
    const marks = await options.marks.pruneExpired(daysAgo(1));
    if (posts > 0 || runs > 0) options.logger.info({ posts, runs, policy: options.policy }, 'pruned old ledger rows and digest runs');
    return { posts, runs, claims, marks };
  }
  const pass = () => {
    pruneNow().catch((error: unknown) => options.logger.error({ err: error }, 'pruning failed'));
  };

  return {
    pruneNow,
    start() {
      pass();
      timer = setInterval(pass, options.everyMs ?? PRUNE_EVERY_MS);
      timer.unref();
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}
