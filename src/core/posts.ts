/**
 * The post ledger: which paper went to which channel as which message. A post is recorded as
 * pending before it is sent and as sent with its message id after, so a crash or a retry never
 * posts the same paper to the same channel twice, and a reaction maps back to its paper.
 */
import { createHash } from 'node:crypto';
import type { ChannelRef } from './channels.js';
import type { DigestPlan } from './digest-plan.js';
import type { Paper, PaperId } from './paper.js';

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
  /** Papers-day of the digest that posted it (the day it was shared, for a shared card). */
  readonly day?: string | undefined;
  /** For a shared card: the user who shared it, as the card says. */
  readonly sharedBy?: string | undefined;
  readonly createdAt: string;
  readonly sentAt?: string | undefined;
}

export interface SentMessage {
  readonly messageId: string;
  readonly messageChannelId: string;
  readonly threadId?: string | undefined;
}

/**
 * The ledger key of a digest's header: `header:<day>` for one papers-day, `header:<from>..<to>`
 * for a span. A scheduled run fixes its span when it begins (runs.ts), so a resumed run asks for
 * the same key, and its header is found, never sent twice.
 */
export function headerKey(day: string, from: string = day): string {
  return from === day ? `header:${day}` : `header:${from}..${day}`;
}

/** Whether a ledger key is a digest header's rather than a paper's. */
export function isHeaderKey(key: string): boolean {
  return key.startsWith('header:');
}

/** The ledger key of a card someone shared into a channel: once per paper, channel and day. */
export function shareKey(day: string, paperId: PaperId): string {
  return `share:${day}:${paperId}`;
}

/** The ledger key of a person's follow alert for one papers-day, in their direct messages. */
export function alertKey(day: string): string {
  return `alerts:${day}`;
}

const SHARE_KEY = /^share:\d{4}-\d{2}-\d{2}:([^:]+)$/u;

/**
 * The paper a post shows: a digest's paper post (keyed by the paper id itself) or a shared card;
 * undefined for a digest header or an alert, which show no single paper.
 */
export function paperOfKey(key: string): PaperId | undefined {
  const shared = SHARE_KEY.exec(key);
  if (shared) return shared[1];
  return key.includes(':') ? undefined : key;
}


/** Discord nonces are at most 25 characters; a hash of (channel, paper) is stable across restarts. */
export const NONCE_LENGTH = 25;

export function postNonce(channel: ChannelRef, paperId: PaperId): string {
  const digest = createHash('sha256').update(`${channel.platform}:${channel.channelId}:${paperId}`).digest('hex');
  return `pb${digest.slice(0, NONCE_LENGTH - 2)}`;
}

export type SendResult =
  | {
      readonly status: 'sent';
      readonly messageId: string;
      /** Where the message lives when not in the channel itself (a thread). */
      readonly messageChannelId?: string | undefined;
      /** For a header posted with `thread: true`, the thread later posts go into. */
      readonly threadId?: string | undefined;
    }
  | {
      readonly status: 'failed';
      /** Retrying cannot help: channel gone, bot removed, missing permission. */
      readonly permanent: boolean;
      /** Whether the platform may have accepted the message before the failure. */
      readonly maybeDelivered: boolean;
      readonly reason: string;
    };

export type SendFailure = Extract<SendResult, { status: 'failed' }>;

/**
 * What a post left pending was going to be, so a platform that cannot look a message up by
 * nonce can recognise the earlier delivery by its content. `key` is the ledger key.
 */
export type PendingPost =
  | { readonly kind: 'header'; readonly key: string; readonly plan: DigestPlan; readonly thread: boolean }
  | { readonly kind: 'paper'; readonly key: string; readonly paper: Paper; readonly sharedBy?: string | undefined };
