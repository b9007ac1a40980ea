/**
 * The post ledger: which paper went to which channel as which message. A post is recorded as
 * pending before it is sent and as sent with its message id after, so a crash or a retry never
 * posts the same paper to the same channel twice, and a reaction maps back to its paper.
 */
import { createHash } from 'node:crypto';
import type { ChannelRef } from './channels.js';
import type { PaperId } from './paper.js';

export type PostState = 'pending' | 'sent';

export interface PostRecord {
  readonly channel: ChannelRef;
  readonly paperId: PaperId;
  readonly state: PostState;
  /** Platform message id (Discord snowflake, Slack ts) once sent. */
  readonly messageId?: string | undefined;
  /** Channel the message lives in: the subscribed channel, or the thread it was posted into. */
  readonly messageChannelId?: string | undefined;
  /** For a digest header: the thread it opened for the papers. */
  readonly threadId?: string | undefined;
  /** Idempotency key sent with the message, so the platform can refuse a duplicate. */
  readonly nonce: string;
  /** Papers-day of the digest that posted it. */
  readonly day?: string | undefined;
  readonly createdAt: string;
  readonly sentAt?: string | undefined;
}

export interface SentMessage {
  readonly messageId: string;
  readonly messageChannelId: string;
  readonly threadId?: string | undefined;
}

/** The ledger key of a digest's header message for one papers-day. */
export function headerKey(day: string): string {
  return `header:${day}`;
}

/** Whether a ledger key is a digest header's rather than a paper's. */
export function isHeaderKey(key: string): boolean {
  return key.startsWith('header:');
}

export interface PostLedger {
  /** Records a pending post, or returns the existing record for (channel, paper) untouched. */
  beginPost(record: { channel: ChannelRef; paperId: PaperId; day?: string | undefined; at: string }): PostRecord;
  markSent(channel: ChannelRef, paperId: PaperId, message: SentMessage, at: string): void;
  /** Forgets a pending post that certainly never reached the platform, so it can be tried again. */
  abandonPost(channel: ChannelRef, paperId: PaperId): void;
  findPost(channel: ChannelRef, paperId: PaperId): PostRecord | undefined;
  /** The post a reaction landed on; `channel` is where the message lives (a thread, maybe). */
  findPostByMessage(channel: ChannelRef, messageId: string): PostRecord | undefined;
  /** Every sent post of a paper, on every channel and platform (to refresh vote counts). */
  sentPostsOfPaper(paperId: PaperId): PostRecord[];
}

/** Discord nonces are at most 25 characters; a hash of (channel, paper) is stable across restarts. */
export const NONCE_LENGTH = 25;

export function postNonce(channel: ChannelRef, paperId: PaperId): string {
  const digest = createHash('sha256').update(`${channel.platform}:${channel.channelId}:${paperId}`).digest('hex');
  return `pb${digest.slice(0, NONCE_LENGTH - 2)}`;
}
