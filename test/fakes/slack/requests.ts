/**
 * The Slack side of inbound traffic: signed requests a test POSTs to Bolt's HTTP receiver
 * (`/slack/events`), built the way Slack builds them (the team notes' chat-platforms.md
 * §3.2). Each builder returns the raw body, its exact content type and the payload object; the
 * payload is also what a Socket Mode envelope carries (`fake.sendEnvelope(type, req.payload)`).
 */
import { createHmac } from 'node:crypto';

export interface BoltRequest {
  readonly body: string;
  /** Bolt compares content types with ===, so no `; charset` suffix. */
  readonly contentType: 'application/x-www-form-urlencoded' | 'application/json';
  readonly payload: Record<string, unknown>;
}

export interface SlashCommandOptions {
  /** Where `respond()` POSTs, normally `fake.responseUrl(id)`. */
  readonly responseUrl: string;
  readonly command?: string;
  readonly text?: string;
  readonly userId?: string;
  readonly userName?: string;
  readonly channelId?: string;
  readonly channelName?: string;
  readonly teamId?: string;
  readonly triggerId?: string;
  /** From a workspace of an Enterprise Grid org-wide install. */
  readonly enterpriseId?: string;
}

export interface EventOptions {
  readonly eventId?: string;
  readonly eventTime?: number;
  readonly teamId?: string;
  /** Delivered for an Enterprise Grid org-wide install of this enterprise. */
  readonly enterpriseId?: string;
}

export interface ReactionEventOptions extends EventOptions {
  readonly type?: 'reaction_added' | 'reaction_removed';
  readonly user?: string;
  readonly reaction?: string;
  readonly channel?: string;
  /** ts of the message reacted to. */
  readonly ts?: string;
  readonly itemUser?: string;
}

export interface LinkSharedOptions extends EventOptions {
  readonly urls: readonly string[];
  readonly user?: string;
  readonly channel?: string;
  /** ts of the message holding the links. */
  readonly messageTs: string;
}

export interface BlockActionOptions {
  readonly responseUrl: string;
  readonly actionId: string;
  readonly value?: string;
  readonly blockId?: string;
  readonly userId?: string;
  readonly channelId?: string;
  /** ts of the message that holds the button. */
  readonly messageTs?: string;
  /** The message the button sits in; default a bot message with no blocks. */
  readonly message?: Record<string, unknown>;
  readonly teamId?: string;
}

export interface SendToBoltOptions {
  readonly secret: string;
  /** Default: the request's own type; for a raw string, JSON if it starts with `{`, else form. */
  readonly contentType?: string;
  /** Unix seconds to sign with. Default now. */
  readonly ts?: number;
  /** Sign with the wrong secret. */
  readonly badSignature?: boolean;
  /** Adds `x-slack-retry-num` and `x-slack-retry-reason` (default 'http_timeout'). */
  readonly retryNum?: number;
  readonly retryReason?: string;
  /** Default '/slack/events'. */
  readonly path?: string;
}

export interface BoltResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;
}

const DEFAULTS = { team: 'T0001', domain: 'paperboy-test', user: 'U0001', userName: 'alice', channel: 'C0001', app: 'A0001' };
let sequence = 0;
const next = (): number => (sequence += 1);

/** Slack's v0 request signature headers for exactly these bytes. */
export function slackSign(rawBody: string, secret: string, ts = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${ts}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${signature}` };
}

/** A slash command as Slack POSTs it: form-encoded string fields. */
export function slashCommand(options: SlashCommandOptions): BoltRequest {
  const payload = {
    token: 'verification-token',
    team_id: options.teamId ?? DEFAULTS.team,
    team_domain: DEFAULTS.domain,
    channel_id: options.channelId ?? DEFAULTS.channel,
    channel_name: options.channelName ?? 'general',
    user_id: options.userId ?? DEFAULTS.user,
    user_name: options.userName ?? DEFAULTS.userName,
    command: options.command ?? '/papers',
    text: options.text ?? '',
    api_app_id: DEFAULTS.app,
    ...(options.enterpriseId === undefined ? {} : { enterprise_id: options.enterpriseId }),
    is_enterprise_install: options.enterpriseId === undefined ? 'false' : 'true',
    response_url: options.responseUrl,
    trigger_id: options.triggerId ?? `${next()}.1.fake`,
  };
  return { body: new URLSearchParams(payload).toString(), contentType: 'application/x-www-form-urlencoded', payload };
}

/** An Events API `event_callback` wrapping `event`. */
export function eventCallback(event: Record<string, unknown>, options: EventOptions = {}): BoltRequest {
  const teamId = options.teamId ?? DEFAULTS.team;
  const payload = {
    token: 'verification-token',
    team_id: teamId,
    api_app_id: DEFAULTS.app,
    event,
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${String(next()).padStart(8, '0')}`,
    event_time: options.eventTime ?? Math.floor(Date.now() / 1000),
    ...(options.enterpriseId === undefined ? {} : { enterprise_id: options.enterpriseId }),
    authorizations: [options.enterpriseId === undefined
      ? { enterprise_id: null, team_id: teamId, user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }
      : { enterprise_id: options.enterpriseId, team_id: null, user_id: 'U0BOT', is_bot: true, is_enterprise_install: true }],
    is_ext_shared_channel: false,
  };
  return { body: JSON.stringify(payload), contentType: 'application/json', payload };
}

/** `reaction_added` (default) or `reaction_removed` by U0001 with :arrow_up: on a message in C0001. */
export function reactionEvent(options: ReactionEventOptions = {}): BoltRequest {
  const event = {
    type: options.type ?? 'reaction_added',
    user: options.user ?? DEFAULTS.user,
    reaction: options.reaction ?? 'arrow_up',
    item_user: options.itemUser ?? 'U0BOT',
    item: { type: 'message', channel: options.channel ?? DEFAULTS.channel, ts: options.ts ?? '1700000000.000100' },
    event_ts: `${Math.floor(Date.now() / 1000)}.${String(next()).padStart(6, '0')}`,
  };
  return eventCallback(event, options);
}

/**
 * `link_shared`: a message (or the composer) holds links on a domain the app unfurls. Slack
 * sends one event per message with every such link, and an unfurl_id for chat.unfurl.
 */
export function linkSharedEvent(options: LinkSharedOptions): BoltRequest {
  const event = {
    type: 'link_shared',
    channel: options.channel ?? DEFAULTS.channel,
    is_bot_user_member: true,
    user: options.user ?? DEFAULTS.user,
    message_ts: options.messageTs,
    unfurl_id: `C${next()}.${options.messageTs}.unfurl`,
    source: 'conversations_history',
    links: options.urls.map((url) => ({ domain: new URL(url).hostname, url })),
    event_ts: `${Math.floor(Date.now() / 1000)}.${String(next()).padStart(6, '0')}`,
  };
  return eventCallback(event, options);
}

/** A button click: form body with one `payload` field holding block_actions JSON. */
export function blockAction(options: BlockActionOptions): BoltRequest {
  const channelId = options.channelId ?? DEFAULTS.channel;
  const messageTs = options.messageTs ?? '1700000000.000100';
  const userId = options.userId ?? DEFAULTS.user;
  const teamId = options.teamId ?? DEFAULTS.team;
  const payload = {
    type: 'block_actions',
    user: { id: userId, username: DEFAULTS.userName, name: DEFAULTS.userName, team_id: teamId },
    api_app_id: DEFAULTS.app,
    token: 'verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    trigger_id: `${next()}.1.fake`,
    team: { id: teamId, domain: DEFAULTS.domain },
    enterprise: null,
    is_enterprise_install: false,
    // A button in someone's DM with the app (a D… conversation) comes from Slack's "directmessage".
    channel: { id: channelId, name: channelId.startsWith('D') ? 'directmessage' : 'general' },
    message: options.message ?? { type: 'message', user: 'U0BOT', bot_id: 'B0BOT', ts: messageTs, text: '', blocks: [] },
    state: { values: {} },
    response_url: options.responseUrl,
    actions: [{
      type: 'button',
      action_id: options.actionId,
      block_id: options.blockId ?? 'actions',
      text: { type: 'plain_text', text: 'Button', emoji: true },
      value: options.value ?? '',
      action_ts: `${Math.floor(Date.now() / 1000)}.${String(next()).padStart(6, '0')}`,
    }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { body, contentType: 'application/x-www-form-urlencoded', payload };
}

export function urlVerification(challenge: string): BoltRequest {
  const payload = { token: 'verification-token', challenge, type: 'url_verification' };
  return { body: JSON.stringify(payload), contentType: 'application/json', payload };
}

/** Signs and POSTs a request to Bolt's HTTP receiver on 127.0.0.1:port. */
export async function sendToBolt(port: number, request: BoltRequest | string, options: SendToBoltOptions): Promise<BoltResponse> {
  const body = typeof request === 'string' ? request : request.body;
  const contentType = options.contentType
    ?? (typeof request === 'string'
      ? (body.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded')
      : request.contentType);
  const secret = options.badSignature === true ? `${options.secret}-wrong` : options.secret;
  const headers: Record<string, string> = { 'content-type': contentType, ...slackSign(body, secret, options.ts) };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  const response = await fetch(`http://127.0.0.1:${port}${options.path ?? '/slack/events'}`, { method: 'POST', body, headers });
  return { status: response.status, body: await response.text(), headers: response.headers };
}
