/**
 * Log redaction against what really gets logged: secret names in any case at any depth, and
 * the errors discord.js and Slack's WebClient throw, logged whole (no loggableError first),
 * with the tokens they carry in URLs, request configs and Authorization headers.
 */
import { App, LogLevel, webApi, type Logger as BoltLogger } from '@slack/bolt';
import { REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSecrets } from '../src/cli/runtime.js';
import { createScrubber, isSecretKey, redactDeep } from '../src/log-redaction.js';
import { createLogger } from '../src/logger.js';
import { startDiscordFake, type DiscordFake } from './fakes/discord/index.js';
import { startSlackFake, type SlackFake } from './fakes/slack/index.js';
import { testConfig } from './support/test-config.js';

const DISCORD_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAwMQ.GfAkE1.redaction-test-discord-token';
const INTERACTION_TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDpzZWNyZXQtdG9rZW4';
const SLACK_TOKEN = 'xoxb-1111-2222-redactiontestslacktoken';

const quietBolt: BoltLogger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

function capture(secrets: string[] = []) {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => { lines.push(line); } }, secrets });
  return { logger, text: () => lines.join('') };
}

let discord: DiscordFake;
let slack: SlackFake;
beforeAll(async () => {
  discord = await startDiscordFake({ token: DISCORD_TOKEN });
  slack = await startSlackFake({ botToken: SLACK_TOKEN });
});
afterAll(async () => {
  await discord.stop();
  await slack.stop();
});

describe('log redaction', () => {
  it('hides secret-named keys in any case and at any depth, and the Authorization header', () => {
    const log = capture();
    log.logger.info({
      config: { slack: { botToken: 'value-1-should-vanish', SigningSecret: 'value-2-should-vanish' } },
      a: { b: { c: { d: { e: { TOKEN: 'value-3-should-vanish', headers: { Authorization: 'Bot value-4-should-vanish', 'X-Slack-Signature': 'v0=value-5' } } } } } },
      list: [{ hf_token: 'value-6-should-vanish' }, { 'Proxy-Authorization': 'value-7-should-vanish' }],
      keep: { channel: 'C1', tokens: 3 },
    }, 'deep');
    const text = log.text();
    for (const n of [1, 2, 3, 4, 5, 6, 7]) expect(text).not.toContain(`value-${n}`);
    expect(text).toContain('"channel":"C1"');
    expect(text).toContain('"tokens":3');
  });

  it('scrubs token shapes and configured secrets out of any string, the message included', () => {
    const log = capture(['configured-secret-value']);
    log.logger.warn({ note: 'posting with xoxb-9-9-abcdef and Bearer hf_abcdefgh12345' }, 'configured-secret-value leaked? POST /api/v10/webhooks/123/tok3n-in-url/messages');
    const text = log.text();
    for (const leak of ['xoxb-9-9-abcdef', 'hf_abcdefgh12345', 'configured-secret-value', 'tok3n-in-url']) expect(text).not.toContain(leak);
    expect(text).toContain('/webhooks/123/[redacted]');
  });

  it('hides a PostgreSQL URL under its usual names, and the password of DATABASE_URL wherever it appears', () => {
    const config = testConfig({ DATABASE_URL: 'postgres://paperboy:pg-pass%2Fword@127.0.0.1:5432/paperboy' });
    const log = capture(configSecrets(config).filter((secret): secret is string => secret !== undefined));
    log.logger.error({ databaseUrl: 'postgres://a:value-1-should-vanish@h/db', pg: { connectionString: 'postgres://a:value-2-should-vanish@h/db' } }, 'connect to postgres://paperboy:pg-pass/word@127.0.0.1 failed');
    const text = log.text();
    for (const leak of ['value-1', 'value-2', 'pg-pass']) expect(text).not.toContain(leak);
    expect(text).toContain('connect to postgres://paperboy:');
  });

  it('hides the tokens inside real discord.js errors logged whole', async () => {
    const rest = new REST({ api: discord.apiUrl, retries: 0 }).setToken(DISCORD_TOKEN);
    discord.failNext({ pathPattern: /^\/webhooks\//u, status: 404, body: { message: 'Unknown Webhook', code: 10015 } });
    const apiError = await rest.patch(Routes.webhookMessage('100000000000000001', INTERACTION_TOKEN, '@original'), { body: { content: 'hi' }, auth: false }).catch((error: unknown) => error);
    discord.failNext({ pathPattern: /^\/channels\//u, status: 500, count: 1 });
    const httpError = await rest.post(Routes.channelMessages('300000000000000003'), { body: { content: 'x' } }).catch((error: unknown) => error);
    expect(apiError).toBeInstanceOf(Error);
    expect(httpError).toBeInstanceOf(Error);
    const log = capture();
    log.logger.error({ err: apiError }, 'discord api error');
    log.logger.error({ err: httpError, wrapped: new Error('outer', { cause: apiError }) }, 'discord http error');
    const text = log.text();
    expect(text).toContain('Unknown Webhook');
    expect(text).not.toContain(INTERACTION_TOKEN);
    expect(text).not.toContain(DISCORD_TOKEN);
  });

  it('hides the bot token in what Bolt hands its error handler, and in WebClient errors', async () => {
    const handed: Record<string, unknown>[] = [];
    const app = new App({
      token: SLACK_TOKEN, signingSecret: 'redaction-signing-secret', tokenVerificationEnabled: false, botUserId: 'U0BOT', extendedErrorHandler: true,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }, logger: quietBolt,
    });
    app.command('/papers', () => Promise.reject(new Error('listener failed')));
    // With extendedErrorHandler, Bolt passes the error with the request's context and body.
    const onError = ({ error, context, body }: { error: Error; context: unknown; body: unknown }): Promise<void> => {
      handed.push({ err: error, context, body });
      return Promise.resolve();
    };
    app.error(onError as unknown as Parameters<typeof app.error>[0]);
    const body = { token: 'legacy-verification-token', command: '/papers', text: 'x', team_id: 'T0001', user_id: 'U1', channel_id: 'C1', response_url: 'http://127.0.0.1:9/r', trigger_id: 't' };
    await app.processEvent({ body, ack: () => Promise.resolve() }).catch(() => undefined);
    expect(handed).toHaveLength(1);
    expect(JSON.stringify(handed[0]?.context)).toContain(SLACK_TOKEN);

    slack.failNext({ method: 'chat.postMessage', status: 500, error: 'internal_error' });
    const httpError = await app.client.chat.postMessage({ channel: 'C0001', text: 'hi' }).catch((error: unknown) => error);
    const requestError = await new webApi.WebClient(SLACK_TOKEN, { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 }, logger: quietBolt })
      .chat.postMessage({ channel: 'C0001', text: 'hi' }).catch((error: unknown) => error);
    expect((requestError as { code?: string }).code).toBe('slack_webapi_request_error');

    const log = capture();
    log.logger.error(handed[0], 'bolt listener failed');
    log.logger.error({ err: httpError, client: { token: SLACK_TOKEN } }, 'slack http error');
    log.logger.error({ err: requestError }, 'slack request error');
    const text = log.text();
    expect(text).toContain('listener failed');
    expect(text).toContain('slack_webapi_request_error');
    expect(text).not.toContain(SLACK_TOKEN);
    expect(text).not.toContain('legacy-verification-token');
  });

  it('summarises sockets and class instances instead of walking them, and survives cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const out = redactDeep({ cyclic, at: new URL('https://x.test/interactions/1/secret-token-here/callback'), map: new Map([['token', 'v']]) }, createScrubber()) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toContain('secret-token-here');
    expect((out.cyclic as Record<string, unknown>).self).toBe('[circular]');
    expect(out.map).toBe('[Map]');
    expect(isSecretKey('slackSigningSecret')).toBe(true);
    expect(isSecretKey('maxTokens')).toBe(false);
  });
});
