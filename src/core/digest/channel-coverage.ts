/**
 * What a subscription's channel has had, read from its digest runs: the coverage (its latest
 * finished run) and the run under way, if any. Runs from before the subscription was made (the
 * channel unsubscribed and subscribed again) do not count: a new subscription starts afresh.
 */
import type { RunStore } from '../ports.js';
import type { Coverage, DigestRun } from '../runs.js';
import { isFinished } from '../runs.js';
import type { Subscription } from '../subscription.js';

export interface ChannelCoverage {
  readonly coverage?: Coverage | undefined;
  /** The latest finished run behind the coverage. */
  readonly lastFinished?: DigestRun | undefined;
  /** An unfinished run that starts after the coverage: the next digest resumes it. */
  readonly current?: DigestRun | undefined;
}

export async function channelCoverage(runs: Pick<RunStore, 'latestFinishedRun' | 'latestRun'>, subscription: Subscription): Promise<ChannelCoverage> {
  const [finished, latest] = await Promise.all([runs.latestFinishedRun(subscription), runs.latestRun(subscription)]);
  const ours = (run: DigestRun | undefined) => (run !== undefined && run.startedAt >= subscription.createdAt ? run : undefined);
  const lastFinished = ours(finished);
  const coverage = lastFinished ? { through: lastFinished.to, openDays: lastFinished.openDays } : undefined;
  const unfinished = ours(latest);
  const current = unfinished !== undefined && !isFinished(unfinished) && (coverage === undefined || unfinished.day > coverage.through) ? unfinished : undefined;
  return { coverage, lastFinished, current };
}
