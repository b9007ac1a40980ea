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
});
