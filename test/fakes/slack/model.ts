/**
 * What the fake Slack workspace holds: its fixed ids, users, channels and stored messages.
 * Field names follow Slack's own objects so tests can compare against real payloads.
 */

export const FAKE_TEAM_ID = 'T0001';
export const FAKE_BOT_USER_ID = 'U0BOT';
export const FAKE_BOT_ID = 'B0BOT';
export const FAKE_APP_ID = 'A0001';

export interface FakeSlackUser {
  readonly id: string;
  readonly name: string;
  readonly real_name?: string;
  readonly is_admin?: boolean;
  readonly is_owner?: boolean;
  readonly is_bot?: boolean;
  readonly deleted?: boolean;
  readonly tz?: string;
  /** The workspace the user belongs to; other workspaces' tokens get `user_not_found`. Default: any. */
  readonly team?: string;
}

export interface FakeSlackChannel {
  readonly id: string;
  readonly name?: string;
  readonly isPrivate?: boolean;
  /** Posting and reacting answer `is_archived`. */
  readonly archived?: boolean;
  /** false: posting, reacting and history answer `not_in_channel`. Default true. */
  readonly member?: boolean;
  /** true: every method answers `channel_not_found` (a deleted channel). */
  readonly notFound?: boolean;
  /** The workspace the channel belongs to; other workspaces' tokens get `channel_not_found`. Default: any. */
  readonly team?: string;
}

export interface FakeReaction {
  readonly name: string;
  readonly users: string[];
  count: number;
}

/** A message as the fake stores it; fields follow Slack's message object. */
export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  user: string;
  bot_id?: string;
  app_id?: string;
  team: string;
  blocks?: unknown[];
  /** App unfurls (chat.unfurl) land here, each with the `app_unfurl_url` it shows. */
  attachments?: Record<string, unknown>[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  thread_ts?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  reactions?: FakeReaction[];
  edited?: { user: string; ts: string };
}

export interface StoredEphemeral {
  readonly channel: string;
  readonly user: string;
  readonly text: string;
  readonly blocks?: unknown[];
  readonly message_ts: string;
}

export type Args = Record<string, unknown>;
export type Answer = Record<string, unknown> & { ok: boolean };

export const DEFAULT_USERS: readonly FakeSlackUser[] = [
  { id: FAKE_BOT_USER_ID, name: 'paperboy', is_bot: true },
  { id: 'U0001', name: 'alice', real_name: 'Alice Member' },
  { id: 'U0002', name: 'bob', real_name: 'Bob Member' },
  { id: 'U0ADMIN', name: 'ada', real_name: 'Ada Admin', is_admin: true },
  { id: 'U0OWNER', name: 'olga', real_name: 'Olga Owner', is_admin: true, is_owner: true },
];

/** Slack ts strings as comparable integers (microseconds); float parsing would blur the last digit. */
export const tsKey = (ts: string): number => {
  const [secs = '0', micros = '0'] = ts.split('.');
  return Number(secs) * 1e6 + Number(micros.padEnd(6, '0').slice(0, 6));
};
