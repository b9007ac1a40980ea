import { mkdtempSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatConfigProblems, loadConfig } from '../src/config.js';

const REPO_CONFIG = resolve(import.meta.dirname, '../config');

function configDir(local?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-config-'));
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(REPO_CONFIG, 'default.json'), join(dir, 'default.json'));
  if (local !== undefined) writeFileSync(join(dir, 'local.json'), local);
  return dir;
}

describe('loadConfig', () => {
  it('loads the repository defaults with the documented environment defaults', () => {
    const result = loadConfig({ configDir: REPO_CONFIG, env: {} });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.huggingFace.baseUrl).toBe('https://huggingface.co');
    expect(result.config.database.path).toBe('./data/paperboy.db');
    expect(result.config.huggingFace.token).toBeUndefined();
    expect(result.config.slack.port).toBe(3000);
  });

  it('lets the environment override files and carries secrets', () => {
    const result = loadConfig({
      configDir: REPO_CONFIG,
      env: { HF_BASE_URL: 'http://127.0.0.1:9999', HF_TOKEN: 'hf_secret', DATABASE_PATH: '/tmp/x.db', LOG_LEVEL: 'debug', SLACK_PORT: '4000' },
    });
    expect(result.ok && result.config.huggingFace.baseUrl).toBe('http://127.0.0.1:9999');
    expect(result.ok && result.config.huggingFace.token).toBe('hf_secret');
    expect(result.ok && result.config.database.path).toBe('/tmp/x.db');
    expect(result.ok && result.config.log.level).toBe('debug');
    expect(result.ok && result.config.slack.port).toBe(4000);
  });

  it('selects PostgreSQL with DATABASE_URL and refuses a URL of another scheme', () => {
    const chosen = loadConfig({ configDir: REPO_CONFIG, env: { DATABASE_URL: 'postgres://paperboy:secret@127.0.0.1:5432/paperboy', DATABASE_POOL_SIZE: '4' } });
    expect(chosen.ok && chosen.config.database).toEqual({ path: './data/paperboy.db', url: 'postgres://paperboy:secret@127.0.0.1:5432/paperboy', poolSize: 4 });
    const unset = loadConfig({ configDir: REPO_CONFIG, env: {} });
    expect(unset.ok && unset.config.database.url).toBeUndefined();
    expect(unset.ok && unset.config.database.poolSize).toBe(10);
    const wrong = loadConfig({ configDir: REPO_CONFIG, env: { DATABASE_URL: 'mysql://db/paperboy' } });
    expect(!wrong.ok && formatConfigProblems(wrong.problems)).toContain('database.url (from DATABASE_URL): must be a postgres:// or postgresql:// URL');
  });

  it('applies config/local.json over the defaults', () => {
    const result = loadConfig({ configDir: configDir('{"digest":{"maxPapers":3}}'), env: {} });
    expect(result.ok && result.config.digest.maxPapers).toBe(3);
    expect(result.ok && result.config.digest.time).toBe('09:00');
  });

  it('lists every problem at once as path: message, naming the variable it came from', () => {
    const result = loadConfig({
      configDir: configDir('{"digest":{"time":"25:00","timezone":"Mars/Olympus","maxPapers":0}}'),
      env: { HF_BASE_URL: 'not a url', LOG_LEVEL: 'loud', SLACK_PORT: 'eighty' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.problems.map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining([
      'huggingFace.baseUrl (from HF_BASE_URL)',
      'log.level (from LOG_LEVEL)',
      'slack.port (from SLACK_PORT)',
      'digest.time',
      'digest.timezone',
      'digest.maxPapers',
    ]));
    const text = formatConfigProblems(result.problems);
    expect(text).toMatch(/^Configuration is invalid \(6 problems\):/u);
    expect(text).toContain('digest.time: must be HH:MM, 24-hour (expected e.g. 09:00)');
    expect(text).toContain('digest.timezone: must be an IANA timezone name');
    expect(text).toContain('.env.example');
    expect(text).not.toMatch(/\n\s+at /u);
  });

  it('reports a local.json that is not JSON, and a missing default.json', () => {
    const broken = loadConfig({ configDir: configDir('{ nope'), env: {} });
    expect(!broken.ok && broken.problems[0]?.message).toMatch(/is not valid JSON/u);
    const empty = mkdtempSync(join(tmpdir(), 'paperboy-config-'));
    const missing = loadConfig({ configDir: empty, env: {} });
    expect(!missing.ok && missing.problems[0]?.message).toMatch(/file is missing/u);
  });

  it('treats empty environment values as unset', () => {
    const result = loadConfig({ configDir: REPO_CONFIG, env: { HF_TOKEN: '', DISCORD_TOKEN: '   ' } });
    expect(result.ok && result.config.huggingFace.token).toBeUndefined();
    expect(result.ok && result.config.discord.token).toBeUndefined();
  });

  describe('Discord sharding and the REST proxy', () => {
    const load = (env: Record<string, string>) => loadConfig({ configDir: REPO_CONFIG, env });
    const problems = (env: Record<string, string>): string[] => {
      const result = load(env);
      return result.ok ? [] : result.problems.map((problem) => `${problem.path}: ${problem.message}`);
    };

    it('leaves both shard settings unset by default (Discord\'s recommendation) and reads the proxy defaults', () => {
      const result = load({});
      expect(result.ok && result.config.discord).toEqual({ proxy: { host: '127.0.0.1', port: 8080, requestsPerSecond: 48 } });
    });

    it('reads the total shard count and this instance\'s shard ids', () => {
      const result = load({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARDS: '3, 1', DISCORD_PROXY_URL: 'http://10.0.0.5:8080', DISCORD_PROXY_REQUESTS_PER_SECOND: '40' });
      expect(result.ok && result.config.discord).toMatchObject({ shardCount: 4, shards: [3, 1], proxyUrl: 'http://10.0.0.5:8080', proxy: { requestsPerSecond: 40 } });
      expect(load({ DISCORD_SHARD_COUNT: '2' }).ok).toBe(true);
    });

    it('names the variable and says what is wrong with a shard setting', () => {
      expect(problems({ DISCORD_SHARDS: '0' })).toEqual(['discord.shards (from DISCORD_SHARDS): needs DISCORD_SHARD_COUNT too: the total number of shards across all instances']);
      expect(problems({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: '1,2,3' })).toEqual(['discord.shards (from DISCORD_SHARDS): shard ids run from 0 to 1 with 2 shards; got 2, 3']);
      expect(problems({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARDS: '0,1,0' })).toEqual(['discord.shards (from DISCORD_SHARDS): lists shard 0 more than once']);
      expect(problems({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARDS: 'first' })[0]).toMatch(/^discord\.shards \(from DISCORD_SHARDS\): .*array/u);
      expect(problems({ DISCORD_SHARD_COUNT: '0' })[0]).toMatch(/^discord\.shardCount \(from DISCORD_SHARD_COUNT\): /u);
      expect(problems({ DISCORD_PROXY_REQUESTS_PER_SECOND: '60' })[0]).toMatch(/^discord\.proxy\.requestsPerSecond \(from DISCORD_PROXY_REQUESTS_PER_SECOND\): /u);
      expect(problems({ DISCORD_PROXY_URL: 'ftp://proxy' })[0]).toMatch(/^discord\.proxyUrl \(from DISCORD_PROXY_URL\): /u);
      const semicolons = load({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARDS: '0;1' });
      expect(!semicolons.ok && formatConfigProblems(semicolons.problems)).toContain('(expected comma-separated shard ids such as 0,1)');
    });
  });
});

describe('the Slack install flow settings', () => {
  const oauth = {
    SLACK_CLIENT_ID: '1234.5678',
    SLACK_CLIENT_SECRET: 'client-secret-value',
    SLACK_STATE_SECRET: 'state-secret-0123456789',
    SLACK_SIGNING_SECRET: 'signing',
    PAPERBOY_SECRET_KEY: 'k'.repeat(40),
  };
  const problems = (env: Record<string, string>): string[] => {
    const result = loadConfig({ configDir: REPO_CONFIG, env });
    return result.ok ? [] : result.problems.map((problem) => `${problem.path}: ${problem.message}`);
  };

  it('loads all three OAuth settings with the secret key and an optional redirect URL', () => {
    const result = loadConfig({ configDir: REPO_CONFIG, env: { ...oauth, SLACK_REDIRECT_URI: 'https://paperboy.example.com/slack/oauth_redirect' } });
    expect(result.ok && result.config.slack).toMatchObject({ clientId: '1234.5678', clientSecret: 'client-secret-value', stateSecret: 'state-secret-0123456789', redirectUri: 'https://paperboy.example.com/slack/oauth_redirect' });
    expect(result.ok && result.config.secretKey).toBe('k'.repeat(40));
  });

  it('refuses to start the install flow without PAPERBOY_SECRET_KEY, or with a short one', () => {
    const withoutKey: Record<string, string> = { ...oauth };
    delete withoutKey.PAPERBOY_SECRET_KEY;
    expect(problems(withoutKey)).toEqual([expect.stringMatching(/^secretKey: must be set to 32 or more characters \(PAPERBOY_SECRET_KEY\)/u)]);
    expect(problems({ ...oauth, PAPERBOY_SECRET_KEY: 'short' })).toEqual([expect.stringMatching(/^secretKey \(from PAPERBOY_SECRET_KEY\): must be set to 32/u)]);
    // Without the install flow the key is optional.
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'signing' })).toEqual([]);
  });

  it('names each missing OAuth setting, a bot token set alongside, and a weak state secret', () => {
    expect(problems({ SLACK_CLIENT_ID: '1234.5678', PAPERBOY_SECRET_KEY: 'k'.repeat(40) })).toEqual([
      'slack.clientSecret: SLACK_CLIENT_SECRET is not set; the Slack install flow needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET',
      'slack.stateSecret: SLACK_STATE_SECRET is not set; the Slack install flow needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET',
    ]);
    expect(problems({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([expect.stringMatching(/^slack\.botToken \(from SLACK_BOT_TOKEN\): cannot be combined with the install flow/u)]);
    expect(problems({ ...oauth, SLACK_STATE_SECRET: 'short' })).toEqual([expect.stringMatching(/^slack\.stateSecret \(from SLACK_STATE_SECRET\): must be at least 16 characters/u)]);
  });
});
