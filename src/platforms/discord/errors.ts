/**
 * What Discord's failures mean for us: whether retrying can help, whether the message may have
 * been created anyway, and what to tell the person who ran the command.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import type { SendResult } from '../../core/posts.js';

/** JSON error codes that no retry fixes (Discord API docs, "JSON Error Codes"). */
export const PERMANENT_DISCORD_CODES: Readonly<Record<number, string>> = {
  10003: 'the channel no longer exists',
  10004: 'the server is gone or the bot was removed from it',
  10008: 'the message no longer exists',
  50001: 'the bot cannot see this channel (missing access)',
  50013: 'the bot lacks a permission here (it needs View Channel, Send Messages, Embed Links, Add Reactions, Read Message History, and for threads Create Public Threads and Send Messages in Threads)',
  50024: 'this kind of channel does not allow it (a thread cannot hold another thread: turn thread mode off here)',
  50035: 'Discord rejected the message body',
  50083: 'the thread is archived',
  160005: 'the thread is locked',
};

export function discordSendFailure(error: unknown): Extract<SendResult, { status: 'failed' }> {
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : Number(error.code);
    const known = PERMANENT_DISCORD_CODES[code];
    // Discord answered: a 4xx means it created nothing; a 5xx in this shape may have.
    const maybeDelivered = error.status >= 500;
    if (known !== undefined) return { status: 'failed', permanent: true, maybeDelivered: false, reason: `${known} (Discord ${code})` };
    return { status: 'failed', permanent: error.status === 403 || error.status === 404, maybeDelivered, reason: `Discord ${error.status} ${code}: ${error.message}` };
  }
  if (error instanceof RateLimitError) {
    return { status: 'failed', permanent: false, maybeDelivered: false, reason: `rate limited for ${error.retryAfter} ms on ${error.route}` };
  }
  if (error instanceof HTTPError) {
    return { status: 'failed', permanent: false, maybeDelivered: error.status >= 500, reason: `Discord HTTP ${error.status}` };
  }
  // Timeouts and dropped connections: the request may have reached Discord.
  return { status: 'failed', permanent: false, maybeDelivered: true, reason: error instanceof Error ? error.message : String(error) };
}

/** Interaction and webhook tokens sit in the URL path; they are as good as a password for 15 min. */
const TOKEN_IN_PATH = /\/(interactions|webhooks)\/(\d+)\/[^/?#]+/gu;

export function redactDiscordUrl(url: string): string {
  return url.replace(TOKEN_IN_PATH, '/$1/$2/[redacted]');
}

/**
 * An error as a log field without the secrets and bulk discord.js puts on it: request URLs carry
 * interaction tokens, `requestBody` repeats the whole message. The copy keeps its class, so the
 * log still names it (HTTPError, DiscordAPIError) and keeps Discord's own error tree.
 */
export function loggableError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as Error & Record<string, unknown>, error);
  Object.defineProperties(copy, {
    message: { value: error.message, enumerable: false, writable: true },
    stack: { value: error.stack, enumerable: false, writable: true },
  });
  if (typeof copy.url === 'string') copy.url = redactDiscordUrl(copy.url);
  delete copy.requestBody;
  if (error.cause !== undefined) copy.cause = loggableError(error.cause);
  return copy;
}
