/** A channel's subscription to the digest, as stored. */
import type { ChannelRef } from './channels.js';

/**
 * `daily`: a digest on each chosen weekday with every complete papers-day the channel has not
 * had yet, the top `maxPapers` of each. `weekly`: one digest a week, on its one chosen weekday,
 * with the top `maxPapers` of the past seven papers-days.
 */
export type Cadence = 'daily' | 'weekly';
export const CADENCES: readonly Cadence[] = ['daily', 'weekly'];

export interface Subscription extends ChannelRef {
  /** Local posting time, `HH:MM` (24-hour). */
  readonly time: string;
  /** IANA timezone name. */
  readonly timezone: string;
  readonly maxPapers: number;
  readonly minUpvotes: number;
  /** Topic filter in the search language, exactly as typed; '' lets every paper through. */
  readonly filter: string;
  readonly cadence: Cadence;
  /** Post papers as replies in a thread under the header. */
  readonly thread: boolean;
  /** Days of the week to post on, 0 = Sunday … 6 = Saturday; one day for a weekly digest. */
  readonly weekdays: readonly number[];
  /** Post a short "no papers today" note on days without papers. */
  readonly emptyNote: boolean;
  /** Set when repeated permanent failures paused the digest; subscribing again resumes it. */
  readonly pausedAt?: string | undefined;
  readonly pauseReason?: string | undefined;
  /** Permanent delivery failures in a row; reset by any success. */
  readonly consecutiveFailures: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}
