import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { sendFailureFromSlackError, slackErrorCode } from '../../../src/platforms/slack/errors.js';
import { rateLimitOnlyRetryPolicy } from '../../../src/platforms/slack/client.js';
import { startSlackFake, type SlackFake } from '../../fakes/slack/index.js';

const platformError = (error: string) => new webApi.WebAPIPlatformError({ ok: false, error });

describe('sendFailureFromSlackError', () => {
  it.each([
    ['channel_not_found', true, false],
    ['not_in_channel', true, false],
    ['is_archived', true, false],
    ['invalid_auth', true, false],
    ['account_inactive', true, false],
    ['restricted_action', true, false],
    ['invalid_blocks', true, false],
    ['ratelimited', false, false],
    ['service_unavailable', false, false],
    ['internal_error', false, true],
    ['fatal_error', false, true],
  ])('maps ok:false %s to permanent=%s, maybeDelivered=%s', (error, permanent, maybeDelivered) => {
    expect(sendFailureFromSlackError(platformError(error))).toEqual({ status: 'failed', reason: error, permanent, maybeDelivered });
  });

  it('treats a 5xx as maybe delivered and a 4xx as not, neither permanent', () => {
    expect(sendFailureFromSlackError(new webApi.WebAPIHTTPError(503, 'Service Unavailable', {}, ''))).toEqual({
      status: 'failed', reason: 'http_503', permanent: false, maybeDelivered: true,
    });
    expect(sendFailureFromSlackError(new webApi.WebAPIHTTPError(400, 'Bad Request', {}, ''))).toMatchObject({ permanent: false, maybeDelivered: false });
  });

  it('treats a rate limit as temporary and not delivered', () => {
    expect(sendFailureFromSlackError(new webApi.WebAPIRateLimitedError(3))).toMatchObject({ reason: 'rate_limited', permanent: false, maybeDelivered: false });
  });

  it('assumes an unknown error may have been delivered', () => {
    expect(sendFailureFromSlackError(new Error('boom'))).toMatchObject({ reason: 'unknown_error', permanent: false, maybeDelivered: true });
    expect(sendFailureFromSlackError('a string')).toMatchObject({ permanent: false, maybeDelivered: true });
  });

  it('reads the Slack error code only from platform errors', () => {
    expect(slackErrorCode(platformError('already_reacted'))).toBe('already_reacted');
    expect(slackErrorCode(new Error('already_reacted'))).toBeUndefined();
    expect(slackErrorCode(null)).toBeUndefined();
  });
});

describe('errors from a real WebClient', () => {
  let fake: SlackFake | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await fake?.stop();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => { resolve(); }) : resolve()));
    fake = undefined;
    server = undefined;
  });

  const client = (url: string, options: webApi.WebClientOptions = {}) =>
    new webApi.WebClient('xoxb-test', { slackApiUrl: url, retryConfig: rateLimitOnlyRetryPolicy(), logger: silent, ...options });

  async function failureOf(call: Promise<unknown>) {
    try {
      await call;
    } catch (error) {
      return sendFailureFromSlackError(error);
    }
    throw new Error('the call succeeded');
  }

  it('says nothing was sent when the connection is refused', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server!.close(() => { resolve(); }));
    server = undefined;
    const failure = await failureOf(client(`http://127.0.0.1:${port}/api/`).chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(failure).toEqual({ status: 'failed', reason: 'network_ECONNREFUSED', permanent: false, maybeDelivered: false });
  });

  it('says a timed-out post may have been delivered', async () => {
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const failure = await failureOf(client(`http://127.0.0.1:${port}/api/`, { timeout: 100 }).chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(failure).toMatchObject({ reason: 'timeout', permanent: false, maybeDelivered: true });
  });

  it('does not retry a 5xx but retries a 429 after Retry-After', async () => {
    fake = await startSlackFake();
    fake.failNext({ method: 'chat.postMessage', status: 502 });
    expect(await failureOf(client(fake.apiUrl).chat.postMessage({ channel: 'C1', text: 'x' }))).toMatchObject({ reason: 'http_502', maybeDelivered: true });
    expect(fake.calls('chat.postMessage')).toHaveLength(1);

    fake.failNext({ method: 'chat.postMessage', status: 429, retryAfter: 1 });
    await client(fake.apiUrl).chat.postMessage({ channel: 'C1', text: 'x' });
    expect(fake.calls('chat.postMessage').map((call) => call.status)).toEqual([502, 429, 200]);
  });

  it('gives up on a 429 after a bounded number of tries', async () => {
    fake = await startSlackFake();
    fake.failNext({ method: 'chat.postMessage', status: 429, retryAfter: 0, times: 10 });
    const failure = await failureOf(new webApi.WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: rateLimitOnlyRetryPolicy(2), logger: silent }).chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(failure).toMatchObject({ reason: 'rate_limited', permanent: false, maybeDelivered: false });
    expect(fake.calls('chat.postMessage')).toHaveLength(3);
  });
});

const silent: webApi.Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => webApi.LogLevel.ERROR,
  setName: () => undefined,
};
