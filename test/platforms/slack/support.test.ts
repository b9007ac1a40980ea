/** The small Slack helpers: log adapter, in-flight tracking, admin checks, config checks. */
import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { boltLevelFor, createBoltLogger, createTokenScrubber } from '../../../src/platforms/slack/bolt-logger.js';
import { createInFlight } from '../../../src/platforms/common/in-flight.js';
import { createSlackPeople, USER_CACHE_MS } from '../../../src/platforms/slack/permissions.js';
import { slackMissing } from '../../../src/platforms/slack/platform.js';
import { baseEmojiName } from '../../../src/platforms/slack/reactions.js';

describe('createTokenScrubber', () => {
  const scrub = createTokenScrubber(['my-signing-secret', undefined, 'abc']);

  it.each([
    ['token xoxb-123-456-abcDEF in text', 'token [redacted] in text'],
    ['app xapp-1-A0-123-abc', 'app [redacted]'],
    ['Authorization: Bearer xoxp-1-2', 'Authorization: Bearer [redacted]'],
    ['Authorization: Bearer abc.def-ghi', 'Authorization: [redacted]'],
    ['secret my-signing-secret!', 'secret [redacted]!'],
    ['{"token":"legacy-verification","team_id":"T1"}', '{"token":"[redacted]","team_id":"T1"}'],
    ['short abc stays', 'short abc stays'],
  ])('scrubs %j', (input, output) => {
    expect(scrub(input)).toBe(output);
  });
});

describe('createBoltLogger', () => {
  function capture(level: 'debug' | 'info' | 'warn') {
    const lines: string[] = [];
    const logger = createLogger({ level, destination: { write: (line: string) => { lines.push(line); } } });
    return { lines, bolt: createBoltLogger(logger, ['xoxb-secret-token']) };
  }

  it('writes Bolt lines through pino with secrets scrubbed, errors included', () => {
    const { lines, bolt } = capture('debug');
    bolt.setName('web-api:WebClient:0');
    bolt.debug('http request body:', { token: 'xoxb-secret-token', channel: 'C1' });
    bolt.error(new Error('failed with xoxb-secret-token'));
    const text = lines.join('');
    expect(text).not.toContain('xoxb-secret-token');
    expect(text).toContain('"component":"web-api:WebClient:0"');
    expect(text).toContain('failed with [redacted]');
    expect(lines).toHaveLength(2);
  });

  it('skips levels pino drops and reports pino\'s level to Bolt', () => {
    const { lines, bolt } = capture('warn');
    bolt.info('connected');
    bolt.warn('careful');
    expect(lines).toHaveLength(1);
    expect(bolt.getLevel()).toBe(LogLevel.WARN);
    expect(boltLevelFor('trace')).toBe(LogLevel.DEBUG);
    expect(boltLevelFor('silent')).toBe(LogLevel.ERROR);
  });
});

describe('createInFlight', () => {
  it('waits for running work when draining, and times out on work that hangs', async () => {
    const inFlight = createInFlight();
    let finish: () => void = () => undefined;
    const slow = inFlight.run(() => new Promise<void>((resolve) => { finish = resolve; }));
    expect(inFlight.size).toBe(1);
    expect(await inFlight.drain(20)).toBe(false);
    finish();
    await slow;
    expect(await inFlight.drain(20)).toBe(true);
    expect(inFlight.size).toBe(0);
  });

  it('passes results and errors through', async () => {
    const inFlight = createInFlight();
    expect(await inFlight.run(() => Promise.resolve(42))).toBe(42);
    await expect(inFlight.run(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(inFlight.size).toBe(0);
  });
});

describe('createSlackPeople', () => {
  function people(users: Record<string, Record<string, unknown>>, adminUserIds: string[] = []) {
    let now = 0;
    const asked: string[] = [];
    const usersInfo = ({ user, team }: { user: string; team: string }) => {
      asked.push(team === 'T1' ? user : `${team}:${user}`);
      const found = users[team === 'T1' ? user : `${team}:${user}`];
      return found === undefined ? Promise.reject(new Error('user_not_found')) : Promise.resolve({ user: found });
    };
    return { asked, advance: (ms: number) => (now += ms), people: createSlackPeople({ usersInfo, adminUserIds, clock: { now: () => new Date(now) } }) };
  }

  it('allows admins, owners, primary owners and configured users; not members', async () => {
    const { people: p, asked } = people({ A: { is_admin: true }, O: { is_owner: true }, P: { is_primary_owner: true }, M: {} }, ['C']);
    expect(await Promise.all(['A', 'O', 'P', 'M', 'C'].map((id) => p.canManage('T1', id)))).toEqual([true, true, true, false, true]);
    expect(asked).not.toContain('C');
  });

  it('caches answers for a minute, then asks again', async () => {
    const { people: p, asked, advance } = people({ A: { is_admin: true } });
    await p.canManage('T1', 'A');
    await p.canManage('T1', 'A');
    expect(asked).toEqual(['A']);
    advance(USER_CACHE_MS);
    await p.canManage('T1', 'A');
    expect(asked).toEqual(['A', 'A']);
  });

  it('rejects when Slack cannot be asked, and asks again next time', async () => {
    const { people: p, asked } = people({});
    await expect(p.canManage('T1', 'X')).rejects.toThrow('user_not_found');
    await expect(p.canManage('T1', 'X')).rejects.toThrow();
    expect(asked).toEqual(['X', 'X']);
    expect(await p.isBot('T1', 'X')).toBe(false);
  });

  it('asks each workspace about its own users and caches their answers apart', async () => {
    const { people: p, asked } = people({ A: { is_admin: true }, 'T2:A': {} });
    expect(await p.canManage('T1', 'A')).toBe(true);
    expect(await p.canManage('T2', 'A')).toBe(false);
    expect(await p.canManage('T2', 'A')).toBe(false);
    expect(asked).toEqual(['A', 'T2:A']);
  });

  it('knows bots', async () => {
    const { people: p } = people({ B: { is_bot: true }, M: {} });
    expect(await p.isBot('T1', 'B')).toBe(true);
    expect(await p.isBot('T1', 'M')).toBe(false);
  });
});

describe('slackMissing', () => {
  const base = (() => {
    const loaded = loadConfig({ configDir: new URL('../../../config', import.meta.url).pathname, env: {} });
    if (!loaded.ok) throw new Error('default config invalid');
    return loaded.config;
  })();
  const withSlack = (slack: Partial<Config['slack']>): Config => ({ ...base, slack: { ...base.slack, ...slack } });

  it.each([
    [{}, /^not configured: needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET \(HTTP mode\), or SLACK_BOT_TOKEN and SLACK_APP_TOKEN \(Socket Mode\); for many workspaces, SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET instead of SLACK_BOT_TOKEN$/u],
    [{ botToken: 'xoxb-1' }, /^SLACK_SIGNING_SECRET is not set/u],
    [{ signingSecret: 's' }, /^SLACK_BOT_TOKEN is not set/u],
    [{ appToken: 'xapp-1' }, /^SLACK_BOT_TOKEN is not set/u],
    [{ botToken: 'xapp-1', signingSecret: 's' }, /must be the bot token \(it starts with xoxb-\)/u],
    [{ botToken: 'xoxb-1', appToken: 'xoxb-2' }, /must be an app-level token/u],
    [{ clientId: '1.2', clientSecret: 'c', stateSecret: 's'.repeat(16) }, /^SLACK_SIGNING_SECRET is not set/u],
  ])('explains %j', (slack, message) => {
    expect(slackMissing(withSlack(slack))).toMatch(message);
  });

  it.each([
    [{ botToken: 'xoxb-1', signingSecret: 's' }],
    [{ botToken: 'xoxb-1', appToken: 'xapp-1' }],
    [{ clientId: '1.2', clientSecret: 'c', stateSecret: 's'.repeat(16), signingSecret: 's' }],
    [{ clientId: '1.2', clientSecret: 'c', stateSecret: 's'.repeat(16), appToken: 'xapp-1' }],
  ])('accepts %j', (slack) => {
    expect(slackMissing(withSlack(slack))).toBeUndefined();
  });
});

describe('baseEmojiName', () => {
  it.each([
    ['arrow_up', 'arrow_up'],
    ['+1::skin-tone-3', '+1'],
    ['thumbsup::skin-tone-6', 'thumbsup'],
  ])('reads %s as %s', (name, base) => {
    expect(baseEmojiName(name)).toBe(base);
  });
});
