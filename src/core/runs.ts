/**
 * Digest runs: what each channel's digests covered. A run covers a span of papers-days, from
 * `day` (its key, with the channel) to `to`; it is `running` while it posts, then `done`,
 * `empty` (no papers for this channel) or `failed` (retried later). A restart resumes the
 * channel's unfinished run with the span it began with once its header has gone out (the header
 * names the span), so a resumed digest never sends a second header.
 *
 * Coverage: a channel has had every papers-day up to the `to` of its latest finished run; the
 * next run starts the day after. Days that were empty or thin when posted (Hugging Face fills
 * weekdays late now and then) are kept in `openDays` and looked at again by the next run.
 */
import type { ChannelRef } from './channels.js';

export type RunState = 'running' | 'done' | 'empty' | 'failed';

export interface DigestRun {
  readonly channel: ChannelRef;
  /** The first papers-day the run covers; with the channel, the run's key. */
  readonly day: string;
  /** The last papers-day it covers; `day` for a one-day run. */
  readonly to: string;
  readonly state: RunState;
  /** The scheduled instant this run belongs to (ISO). */
  readonly scheduledFor: string;
  readonly startedAt: string;
  readonly finishedAt?: string | undefined;
  readonly attempts: number;
  readonly posted: number;
  readonly error?: string | undefined;
  /** The last Hugging Face failure seen by this run, for `/paperboy status`. */
  readonly sourceError?: string | undefined;
  /** Papers-days Hugging Face had no papers for when the run posted. */
  readonly emptyDays: readonly string[];
  /** Weekdays that were empty or thin when the run posted: the next run looks at them again. */
  readonly openDays: readonly string[];
}

export function isFinished(run: DigestRun): boolean {
  return run.state === 'done' || run.state === 'empty';
}

/** What a channel has had: every papers-day through `through`, except the `openDays`. */
export interface Coverage {
  readonly through: string;
  readonly openDays: readonly string[];
}
