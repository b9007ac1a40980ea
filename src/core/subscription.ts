/** A channel's subscription to the daily digest, as stored. */
import type { ChannelRef } from './channels.js';

export interface Subscription extends ChannelRef {
  /** Local posting time, `HH:MM` (24-hour). */
  readonly time: string;
  /** IANA timezone name. */
  readonly timezone: string;
  readonly maxPapers: number;
  readonly minUpvotes: number;
  readonly keywords: readonly string[];
  /** Post papers as replies in a thread under the header. */
  readonly thread: boolean;
  /** Days of the week to post on, 0 = Sunday … 6 = Saturday. */
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
