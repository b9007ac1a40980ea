/**
 * Many workspaces through Bolt's install flow, end to end against the fake Slack: two
 * workspaces installed from /slack/install, a digest in each posted with that workspace's own
 * token, admin checks asked of the right workspace, tokens sealed in the database and absent
 * from the logs, and every forged, replayed, stolen or stale state refused.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { startPaperboy } from '../../../src/main.js';
import { isRunningSlackPlatform, slackPlatform } from '../../../src/platforms/slack/platform.js';
import { openDatabase } from '../../../src/store/sqlite/database.js';
import { arrive, consent, install } from './install-browser.js';
import { INSTALL_FLOW, startSlackHarness, TODAY_CLOCK, type SlackHarness } from './harness.js';

const WORKSPACES = {
  channels: [{ id: 'CA1', team: 'TA' }, { id: 'CB1', team: 'TB' }],
  users: [
    { id: 'UA1', name: 'ann', team: 'TA', is_admin: true },
    { id: 'UB1', name: 'ben', team: 'TB', is_admin: true },
  ],
};

let h: SlackHarness;
let base: string;

beforeEach(async () => {
  h = await startSlackHarness({ installFlow: true, seed: true, fake: WORKSPACES });
  base = `http://127.0.0.1:${h.port}`;
});
afterEach(async () => {
  await h.stop();
});

/** `/paperboy subscribe max:2` then `/paperboy today` by a workspace's admin in its channel. */
async function digestIn(teamId: string, channelId: string, userId: string): Promise<void> {
  await h.replies((await h.command('/paperboy', 'subscribe max:2', { teamId, channelId, userId })).id);
  await h.replies((await h.command('/paperboy', 'today', { teamId, channelId, userId })).id, 2);
}

/** An install-flow state as Bolt's state store signs one (an HS256 JWT), with any secret and time. */
function signedState(secret: string, now: Date): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ installOptions: { scopes: ['commands'] }, now: now.toJSON(), random: 1, iat: Math.floor(now.getTime() / 1000) })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

describe('installing Paperboy in two workspaces', () => {
  it('posts each workspace\'s digest with its own installation, and asks each workspace about its own admins', async () => {
    await install(base, h.fake, { teamId: 'TA', userId: 'UA1' });
    await install(base, h.fake, { teamId: 'TB', userId: 'UB1' });
    await digestIn('TA', 'CA1', 'UA1');
    await digestIn('TB', 'CB1', 'UB1');

    const tokensA = h.fake.oauth.tokensOf('TA');
    const tokensB = h.fake.oauth.tokensOf('TB');
    expect(h.fake.messages('CA1').map((message) => message.user)).toEqual(['UTABOT', 'UTABOT', 'UTABOT']);
    expect(h.fake.messages('CB1').map((message) => message.user)).toEqual(['UTBBOT', 'UTBBOT', 'UTBBOT']);
    for (const call of h.fake.calls('chat.postMessage')) {
      expect(call.args.channel === 'CA1' ? tokensA : tokensB).toContain(call.token);
    }
    expect(h.fake.calls('reactions.add').every((call) => (call.args.channel === 'CA1' ? tokensA : tokensB).includes(call.token ?? ''))).toBe(true);
    const adminChecks = h.fake.calls('users.info').map((call) => [call.args.user, tokensA.includes(call.token ?? '') ? 'TA' : 'TB']);
    expect(adminChecks).toEqual(expect.arrayContaining([['UA1', 'TA'], ['UB1', 'TB']]));
    expect(adminChecks).toHaveLength(2);

    // Ben is an admin of TB only: TA, asked with its own token, does not know him.
    const { id } = await h.command('/paperboy', 'unsubscribe', { teamId: 'TA', channelId: 'CA1', userId: 'UB1' });
    expect((await h.replies(id))[0]?.text).toMatch(/could not check/iu);
    expect((await h.paperboy.useCases.subscription({ platform: 'slack', workspaceId: 'TA', channelId: 'CA1' }))?.maxPapers).toBe(2);
  });

  it('keeps the tokens sealed in the database and out of the logs', async () => {
    await install(base, h.fake, { teamId: 'TA', userId: 'UA1' });
    await digestIn('TA', 'CA1', 'UA1');
    const db = openDatabase(h.databasePath);
    const rows = db.prepare('SELECT scope, scope_id, sealed FROM installations').all() as { scope: string; scope_id: string; sealed: string }[];
    db.close();
    expect(rows.map((row) => [row.scope, row.scope_id])).toEqual([['workspace', 'TA']]);
    expect(rows[0]?.sealed).toMatch(/^v1\./u);
    const secrets = [...h.fake.oauth.secrets(), INSTALL_FLOW.clientSecret, INSTALL_FLOW.stateSecret, INSTALL_FLOW.secretKey];
    const file = readFileSync(h.databasePath, 'latin1') + readFileSync(`${h.databasePath}-wal`, 'latin1');
    const logs = h.logs();
    expect(logs).toContain('slack workspace installed');
    expect(secrets.filter((secret) => file.includes(secret) || logs.includes(secret))).toEqual([]);
  });
});

describe('the install flow\'s state', () => {
  it('refuses a state signed with another secret, and installs nothing', async () => {
    const { redirect } = await consent(base, h.fake, { teamId: 'TA' });
    const forged = signedState('not-the-state-secret-at-all', new Date());
    redirect.searchParams.set('state', forged);
    expect((await arrive(redirect, forged)).status).toBe(400);
    expect(h.fake.calls('oauth.v2.access')).toEqual([]);
    expect(h.logs()).toMatch(/"code":"slack_oauth_invalid_state".*"msg":"slack install refused"/u);
  });

  it('refuses a state replayed after its install, on this instance and on another one sharing the store', async () => {
    const { redirect, cookie } = await consent(base, h.fake, { teamId: 'TA' });
    // Another instance finishes the install: the state is signed, not held in one process.
    const second = await startPaperboy({ config: h.config, logger: silentLogger(), cwd: '/', platforms: [slackPlatform], clock: TODAY_CLOCK });
    try {
      const other = second.platforms.find(isRunningSlackPlatform);
      const there = new URL(redirect);
      there.port = String(other?.port);
      expect((await arrive(there, cookie)).status).toBe(200);
      expect((await arrive(redirect, cookie)).status).toBe(400);
      expect((await arrive(there, cookie)).status).toBe(400);
    } finally {
      await second.stop();
    }
    expect(h.fake.calls('oauth.v2.access')).toHaveLength(1);
  });

  it('refuses a state from another browser, one without its cookie, and one older than ten minutes', async () => {
    const mine = await consent(base, h.fake, { teamId: 'TA' });
    const theirs = await consent(base, h.fake, { teamId: 'TA' });
    expect((await arrive(mine.redirect, theirs.cookie)).status).toBe(400);
    expect((await arrive(mine.redirect, undefined)).status).toBe(400);
    const stale = signedState(INSTALL_FLOW.stateSecret, new Date(Date.now() - 11 * 60_000));
    mine.redirect.searchParams.set('state', stale);
    expect((await arrive(mine.redirect, stale)).status).toBe(400);
    expect(h.fake.calls('oauth.v2.access')).toEqual([]);
    // The genuine pair still works: nothing above used it up.
    expect((await arrive(theirs.redirect, theirs.cookie)).status).toBe(200);
  });
});
