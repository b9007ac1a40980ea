/**
 * Digest runs: one per (channel, papers-day). A run is `running` while it posts, then `done`,
 * `empty` (the day had no papers for this channel) or `failed` (retried later). A restart
 * resumes `running` and `failed` runs; `done` and `empty` days are never run again.
 */
import type { ChannelRef } from './channels.js';

export type RunState = 'running' | 'done' | 'empty' | 'failed';

export interface DigestRun {
  readonly channel: ChannelRef;
  readonly day: string;
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
}

export function isFinished(run: DigestRun): boolean {
  return run.state === 'done' || run.state === 'empty';
}
