/**
 * The fake Slack's install flow and per-workspace tokens, through the real WebClient: the
 * authorize redirect, code and refresh-token exchanges that work once, tokens that act only in
 * their own workspace, and revocation.
 */
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentBoltLogger } from './silent-logger.js';
import { startSlackFake, type SlackFake } from './index.js';

const CLIENT = { clientId: '111.222', clientSecret: 'fake-secret' };
let fake: SlackFake;

const client = (token?: string): webApi.WebClient =>
  new webApi.WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: silentBoltLogger });

/** What the browser does between the app's authorize URL and its redirect URL. */
async function approve(redirectUri = 'https://paperboy.example/slack/oauth_redirect', state = 'st-1'): Promise<URL> {
  const url = new URL(fake.oauth.authorizeUrl);
  url.search = new URLSearchParams({ client_id: CLIENT.clientId, scope: 'commands,chat:write', state, redirect_uri: redirectUri }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

async function install(teamId: string, extra: Record<string, unknown> = {}) {
  fake.oauth.approveNext({ teamId, ...extra });
  const back = await approve();
  return client().oauth.v2.access({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code: back.searchParams.get('code') ?? '', redirect_uri: back.origin + back.pathname });
}

beforeEach(async () => {
  fake = await startSlackFake({ oauth: { ...CLIENT, rotation: {} }, channels: [{ id: 'CA1', team: 'TA' }, { id: 'CB1', team: 'TB' }] });
});
afterEach(async () => {
  await fake.stop();
});

describe('fake Slack install flow', () => {
  it('redirects the approving browser with a code and the state, and exchanges the code once', async () => {
    fake.oauth.approveNext({ teamId: 'TA', teamName: 'Lab A' });
    const back = await approve();
    expect(back.origin + back.pathname).toBe('https://paperboy.example/slack/oauth_redirect');
    expect(back.searchParams.get('state')).toBe('st-1');
    const code = back.searchParams.get('code') ?? '';
    const granted = await client().oauth.v2.access({ ...{ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret }, code, redirect_uri: back.origin + back.pathname });
    expect(granted).toMatchObject({ ok: true, token_type: 'bot', team: { id: 'TA', name: 'Lab A' }, bot_user_id: 'UTABOT', is_enterprise_install: false, expires_in: 43_200 });
    expect(granted.access_token).toMatch(/^xoxe\.xoxb-1-TA-/u);
    expect(granted.refresh_token).toMatch(/^xoxe-1-TA-/u);
    await expect(client().oauth.v2.access({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code, redirect_uri: back.origin + back.pathname }))
      .rejects.toMatchObject({ data: { error: 'invalid_code' } });
  });

  it('refuses a wrong client secret, a different redirect URL and a cancelled install', async () => {
    fake.oauth.approveNext({ teamId: 'TA' });
    const back = await approve();
    const code = back.searchParams.get('code') ?? '';
    await expect(client().oauth.v2.access({ client_id: CLIENT.clientId, client_secret: 'wrong', code })).rejects.toMatchObject({ data: { error: 'bad_client_secret' } });
    await expect(client().oauth.v2.access({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code, redirect_uri: 'https://elsewhere.example/cb' }))
      .rejects.toMatchObject({ data: { error: 'bad_redirect_uri' } });
    fake.oauth.approveNext({ teamId: 'TA', deny: true });
    const denied = await approve();
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('code')).toBeNull();
  });

  it('refreshes a rotating token once per refresh token', async () => {
    const first = await install('TA');
    const refresh = { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, grant_type: 'refresh_token' as const, refresh_token: String(first.refresh_token) };
    const rotated = await client().oauth.v2.access(refresh);
    expect(rotated).toMatchObject({ ok: true, token_type: 'bot', team: { id: 'TA' } });
    expect(rotated.access_token).not.toBe(first.access_token);
    await expect(client().oauth.v2.access(refresh)).rejects.toMatchObject({ data: { error: 'invalid_refresh_token' } });
    expect(await client(rotated.access_token).auth.test()).toMatchObject({ team_id: 'TA', user_id: 'UTABOT' });
  });

  it('lets a token act only in its own workspace, and not after the workspace uninstalls', async () => {
    const a = String((await install('TA')).access_token);
    const b = String((await install('TB')).access_token);
    expect(await client(b).auth.test()).toMatchObject({ team_id: 'TB', user_id: 'UTBBOT', bot_id: 'BTB' });
    await client(a).chat.postMessage({ channel: 'CA1', text: 'hello A' });
    await expect(client(a).chat.postMessage({ channel: 'CB1', text: 'wrong workspace' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    expect(fake.messages('CA1')[0]).toMatchObject({ user: 'UTABOT', bot_id: 'BTA', team: 'TA' });

    fake.oauth.revokeAll('TA');
    await expect(client(a).chat.postMessage({ channel: 'CA1', text: 'after uninstall' })).rejects.toMatchObject({ data: { error: 'token_revoked' } });
    await client(b).chat.postMessage({ channel: 'CB1', text: 'B still works' });
  });

  it('expires a token at the end of its lifetime, and rate-limits one workspace only', async () => {
    fake.oauth.setInstallLifetime(0);
    const short = String((await install('TA')).access_token);
    await expect(client(short).auth.test()).rejects.toMatchObject({ data: { error: 'token_expired' } });
    fake.oauth.setInstallLifetime(43_200);
    const b = String((await install('TB')).access_token);
    const a = String((await install('TA')).access_token);
    fake.failNext({ method: 'chat.postMessage', status: 429, team: 'TA' });
    await client(b).chat.postMessage({ channel: 'CB1', text: 'B is not limited' });
    await expect(client(a).chat.postMessage({ channel: 'CA1', text: 'A is' })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error' });
  });
});
