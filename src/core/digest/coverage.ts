/**
 * Which papers-days a channel's next digest covers. A channel has had every papers-day up to
 * its coverage (the last finished run), so the next digest covers the complete papers-days after
 * that, up to the newest one (`target`), but reaches back no more than the look-back limit (a
 * weekly digest a week more, so one missed week is made up): a bot that was down for three days
 * posts the three days once, in one digest. A new subscription starts with the newest complete
 * papers-day (weekly: the seven days up to it), not a backlog.
 *
 * Hugging Face sometimes fills a weekday late: a weekday that had fewer than `thinDayPapers`
 * papers when it was posted stays open, and the next digests look at it again (its late papers
 * count against its own cap) while it is within the look-back before their first day.
 */
import { addDays, isWeekday } from '../papers-day.js';
import type { Coverage } from '../runs.js';
import type { Cadence } from '../subscription.js';

/** The span of a weekly digest: the past seven papers-days. */
export const WEEK_DAYS = 7;

export interface CoveragePolicy {
  /** The most papers-days one digest reaches back (a weekly one `WEEK_DAYS` more). */
  readonly lookbackDays: number;
  /** A weekday with fewer papers than this when posted is looked at again. */
  readonly thinDayPapers: number;
}

export const DEFAULT_COVERAGE_POLICY: CoveragePolicy = { lookbackDays: 7, thinDayPapers: 5 };

export interface DigestSpan {
  /** The first papers-day the channel has not had: the run's key. */
  readonly from: string;
  /** The newest complete papers-day. */
  readonly to: string;
  /** Earlier open days, looked at again. */
  readonly lateDays: readonly string[];
}

/** The earliest papers-day a digest ending on `to` may reach. */
export function earliestDay(cadence: Cadence, to: string, policy: CoveragePolicy): string {
  const window = Math.max(1, policy.lookbackDays) + (cadence === 'weekly' ? WEEK_DAYS : 0);
  return addDays(to, -(window - 1));
}

/** The span of the channel's next digest, or undefined when it has had everything up to `target`. */
export function nextSpan(cadence: Cadence, target: string, coverage: Coverage | undefined, policy: CoveragePolicy): DigestSpan | undefined {
  const earliest = earliestDay(cadence, target, policy);
  const start = coverage ? addDays(coverage.through, 1) : cadence === 'weekly' ? addDays(target, -(WEEK_DAYS - 1)) : target;
  const from = start < earliest ? earliest : start;
  if (from > target) return undefined;
  return { from, to: target, lateDays: lateDays(coverage, from, policy) };
}

/** The coverage's open days a span starting at `from` looks at again: those within the look-back before it. */
export function lateDays(coverage: Coverage | undefined, from: string, policy: CoveragePolicy): string[] {
  const earliest = addDays(from, -Math.max(1, policy.lookbackDays));
  return [...new Set(coverage?.openDays ?? [])].filter((day) => day >= earliest && day < from).sort();
}

/** Weekdays among `days` that had fewer than `thinDayPapers` papers: still open after this run. */
export function openDaysAfter(days: readonly string[], counts: ReadonlyMap<string, number>, policy: CoveragePolicy): string[] {
  return days.filter((day) => isWeekday(day) && (counts.get(day) ?? 0) < policy.thinDayPapers).sort();
}
