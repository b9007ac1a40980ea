import { DiscordAPIError, HTTPError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { discordSendFailure, loggableError, redactDiscordUrl } from '../../../src/platforms/discord/errors.js';

const apiError = (status: number, code: number, url = 'https://discord.com/api/v10/channels/1/messages') =>
  new DiscordAPIError({ message: 'nope', code }, code, status, 'POST', url, { body: { content: 'x' } });

describe('discordSendFailure', () => {
  it.each([
    [404, 10003, 'the channel no longer exists (Discord 10003)'],
    [403, 50013, 'the bot lacks a permission here'],
    [403, 50001, 'the bot cannot see this channel'],
  ])('treats %i / %i as permanent and undelivered', (status, code, reason) => {
    expect(discordSendFailure(apiError(status, code))).toMatchObject({ status: 'failed', permanent: true, maybeDelivered: false, reason: expect.stringContaining(reason) as string });
  });

  it('treats a 5xx as retryable and maybe delivered, and a network error too', () => {
    expect(discordSendFailure(new HTTPError(502, 'Bad Gateway', 'POST', 'u', { body: undefined }))).toMatchObject({ permanent: false, maybeDelivered: true });
    expect(discordSendFailure(new Error('socket hang up'))).toMatchObject({ permanent: false, maybeDelivered: true });
  });
});

describe('loggableError', () => {
  it('keeps the class and Discord\'s error tree, drops the request body and the interaction token', () => {
    const error = apiError(400, 50035, 'https://discord.com/api/v10/webhooks/123/secret-token/messages/%40original');
    const logged = loggableError(error) as DiscordAPIError;
    expect(logged).toBeInstanceOf(DiscordAPIError);
    expect(logged.url).toBe('https://discord.com/api/v10/webhooks/123/[redacted]/messages/%40original');
    expect(logged.message).toBe(error.message);
    expect(logged.rawError).toEqual(error.rawError);
    expect('requestBody' in logged).toBe(false);
    expect(error.url).toContain('secret-token');
  });

  it('redacts interaction callback tokens', () => {
    expect(redactDiscordUrl('/api/v10/interactions/77/tok.en-1/callback?with_response=false')).toBe('/api/v10/interactions/77/[redacted]/callback?with_response=false');
  });
});
