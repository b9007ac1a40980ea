/**
 * The fake Discord REST surface: the route table (paths after `/api/v10`, percent-decoded so
 * `%40original` matches `@original`), the shared answer helpers, and the recorded-request shape.
 * Handlers live in discord-rest-channels.ts and discord-rest-interactions.ts.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Answer } from './faults.js';
import type { Json } from './model.js';

export type RouteName =
  | 'gateway' | 'gateway.bot'
  | 'commands.get' | 'commands.put'
  | 'interaction.callback'
  | 'webhook.original.get' | 'webhook.original.edit' | 'webhook.original.delete'
  | 'webhook.followup' | 'webhook.message.get' | 'webhook.message.edit' | 'webhook.message.delete'
  | 'channel.get'
  | 'message.list' | 'message.create' | 'message.get' | 'message.edit' | 'message.delete'
  | 'reaction.add' | 'reaction.remove'
  | 'thread.create' | 'thread.fromMessage'
  | 'user.me' | 'user.get' | 'application.me' | 'member.get'
  | 'dm.create'
  | 'unknown';

export interface RecordedFile {
  /** Multipart field name, e.g. `files[0]`. */
  readonly field: string;
  readonly filename: string;
  readonly size: number;
  readonly contentType: string;
}

export interface RecordedRequest {
  readonly method: string;
  /** Full percent-decoded path, e.g. `/api/v10/webhooks/1…/itoken-…/messages/@original`. */
  readonly path: string;
  /** The path after `/api/v10`: what routes and `failNext` patterns match. */
  readonly routePath: string;
  readonly route: RouteName;
  /** Named path parts: channel, message, emoji, user, guild, app, token, id. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  /** `Bot <token>`; undefined on interaction and webhook routes (discord.js sends them without auth). */
  readonly auth: string | undefined;
  /** Parsed JSON body (`payload_json` of a multipart body); raw text if not JSON; undefined if empty. */
  readonly body: unknown;
  readonly files: readonly RecordedFile[];
  /** Date.now() on arrival. */
  readonly time: number;
  readonly status: number;
  /** What the fake answered (undefined for 204). */
  readonly response: unknown;
  /** Set when failNext or the rate limiter answered instead of the route. */
  readonly injected?: 'fault' | 'rate-limit';
}

export interface RouteContext {
  readonly method: string;
  /** The bot token of `Authorization: Bot …`, if any. */
  readonly token: string | undefined;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The body when it is a JSON object, else {}. */
  readonly body: Json;
  /** The parsed body whatever its shape (commands PUT sends an array). */
  readonly rawBody: unknown;
  readonly files: readonly RecordedFile[];
}

export type Handler = (ctx: RouteContext) => Answer;

interface RouteDef {
  readonly method: string;
  readonly name: RouteName;
  readonly pattern: RegExp;
  /** Needs `Authorization: Bot …`. */
  readonly auth: boolean;
}

const PARAM: Readonly<Record<string, string>> = { token: '[^/]+', emoji: '[^/]+', user: '(?:@me|\\d+)' };
const route = (method: string, name: RouteName, path: string, auth = true): RouteDef => ({
  method,
  name,
  auth,
  pattern: new RegExp(`^${path.replace(/\{(\w+)\}/gu, (_m, key: string) => `(?<${key}>${PARAM[key] ?? '\\d+'})`)}$`, 'u'),
});

/** Order matters: more specific paths first. */
const ROUTES: readonly RouteDef[] = [
  route('GET', 'gateway.bot', '/gateway/bot'),
  route('GET', 'gateway', '/gateway', false),
  route('GET', 'commands.get', '/applications/{app}/commands'),
  route('PUT', 'commands.put', '/applications/{app}/commands'),
  route('GET', 'commands.get', '/applications/{app}/guilds/{guild}/commands'),
  route('PUT', 'commands.put', '/applications/{app}/guilds/{guild}/commands'),
  route('GET', 'application.me', '/applications/@me'),
  route('POST', 'interaction.callback', '/interactions/{id}/{token}/callback', false),
  route('GET', 'webhook.original.get', '/webhooks/{app}/{token}/messages/@original', false),
  route('PATCH', 'webhook.original.edit', '/webhooks/{app}/{token}/messages/@original', false),
  route('DELETE', 'webhook.original.delete', '/webhooks/{app}/{token}/messages/@original', false),
  route('GET', 'webhook.message.get', '/webhooks/{app}/{token}/messages/{message}', false),
  route('PATCH', 'webhook.message.edit', '/webhooks/{app}/{token}/messages/{message}', false),
  route('DELETE', 'webhook.message.delete', '/webhooks/{app}/{token}/messages/{message}', false),
  route('POST', 'webhook.followup', '/webhooks/{app}/{token}', false),
  route('GET', 'channel.get', '/channels/{channel}'),
  route('GET', 'message.list', '/channels/{channel}/messages'),
  route('POST', 'message.create', '/channels/{channel}/messages'),
  route('GET', 'message.get', '/channels/{channel}/messages/{message}'),
  route('PATCH', 'message.edit', '/channels/{channel}/messages/{message}'),
  route('DELETE', 'message.delete', '/channels/{channel}/messages/{message}'),
  route('PUT', 'reaction.add', '/channels/{channel}/messages/{message}/reactions/{emoji}/@me'),
  route('DELETE', 'reaction.remove', '/channels/{channel}/messages/{message}/reactions/{emoji}/{user}'),
  route('POST', 'thread.create', '/channels/{channel}/threads'),
  route('POST', 'thread.fromMessage', '/channels/{channel}/messages/{message}/threads'),
  route('GET', 'user.me', '/users/@me'),
  route('POST', 'dm.create', '/users/@me/channels'),
  route('GET', 'user.get', '/users/{user}'),
  route('GET', 'member.get', '/guilds/{guild}/members/{user}'),
];

export interface MatchedRoute {
  readonly name: RouteName;
  readonly params: Record<string, string>;
  readonly auth: boolean;
}

export function matchRoute(method: string, routePath: string): MatchedRoute {
  for (const def of ROUTES) {
    if (def.method !== method) continue;
    const match = def.pattern.exec(routePath);
    if (match !== null) return { name: def.name, params: { ...match.groups }, auth: def.auth };
  }
  return { name: 'unknown', params: {}, auth: false };
}

export const json = (status: number, body: unknown): Answer => ({ status, body });
export const noContent: Answer = { status: 204 };
export const apiError = (status: number, code: number, message: string): Answer => json(status, { message, code });
/** 400 50035 with Discord's nested error tree. */
export const formError = (errors: Json): Answer => json(400, { message: 'Invalid Form Body', code: 50035, errors });
export const unknownRoute: Answer = apiError(404, 0, 'Unknown route (fake)');

export const ERRORS = {
  unknownChannel: apiError(404, 10003, 'Unknown Channel'),
  unknownGuild: apiError(404, 10004, 'Unknown Guild'),
  unknownMember: apiError(404, 10007, 'Unknown Member'),
  unknownMessage: apiError(404, 10008, 'Unknown Message'),
  unknownUser: apiError(404, 10013, 'Unknown User'),
  unknownWebhook: apiError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: apiError(404, 10062, 'Unknown interaction'),
  missingAccess: apiError(403, 50001, 'Missing Access'),
  missingPermissions: apiError(403, 50013, 'Missing Permissions'),
  notAuthor: apiError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: apiError(400, 50006, 'Cannot send an empty message'),
  /** A DM to a user who does not take DMs from the bot (closed, blocked, or a bot). */
  cannotDm: apiError(403, 50007, 'Cannot send messages to this user'),
  nonTextChannel: apiError(400, 50008, 'Cannot send messages in a non-text channel'),
  wrongChannelType: apiError(400, 50024, 'Cannot execute action on this channel type'),
  alreadyAcknowledged: apiError(400, 40060, 'Interaction has already been acknowledged.'),
  threadExists: apiError(400, 160004, 'A thread has already been created for this message'),
  invalidJson: apiError(400, 50109, 'The request body contains invalid JSON.'),
  unauthorized: apiError(401, 0, '401: Unauthorized'),
} as const;

export interface ParsedBody {
  /** JSON value, `payload_json` of a multipart body, raw text when not JSON, undefined when empty. */
  readonly value: unknown;
  readonly files: readonly RecordedFile[];
  /** The body claimed to be JSON and was not. */
  readonly invalid: boolean;
}

/** discord.js sends JSON, or multipart/form-data (`payload_json` + `files[n]`) when files are attached. */
export async function parseBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { value: undefined, files: [], invalid: false };
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) return parseMultipart(raw, contentType);
  const text = raw.toString('utf8');
  try {
    return { value: JSON.parse(text) as unknown, files: [], invalid: false };
  } catch {
    return { value: text, files: [], invalid: contentType.startsWith('application/json') };
  }
}

/** Just enough multipart/form-data for what @discordjs/rest sends: `payload_json` and file parts. */
function parseMultipart(raw: Buffer, contentType: string): ParsedBody {
  const boundary = /boundary="?([^";]+)"?/u.exec(contentType)?.[1];
  if (boundary === undefined) return { value: undefined, files: [], invalid: true };
  const files: RecordedFile[] = [];
  let value: unknown;
  // latin1 maps bytes 1:1 to chars, so part lengths are byte sizes.
  for (const part of raw.toString('latin1').split(`--${boundary}`).slice(1, -1)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const content = part.slice(split + 4).replace(/\r\n$/u, '');
    const field = /name="([^"]*)"/u.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]*)"/u.exec(head)?.[1];
    if (filename !== undefined) {
      const type = /content-type:\s*([^\r\n]+)/iu.exec(head)?.[1] ?? 'application/octet-stream';
      files.push({ field, filename: Buffer.from(filename, 'latin1').toString('utf8'), size: content.length, contentType: type });
    } else if (field === 'payload_json') {
      try {
        value = JSON.parse(Buffer.from(content, 'latin1').toString('utf8')) as unknown;
      } catch {
        return { value: content, files, invalid: true };
      }
    }
  }
  return { value, files, invalid: false };
}
