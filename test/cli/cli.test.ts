import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratchDir } from '../support/run-cli.js';

describe('paperboy (top level)', () => {
  it('lists the commands with --help and exits 0', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['start', 'demo', 'ingest', 'search', 'render', 'deploy-commands', 'discord-proxy']) expect(result.stdout).toContain(`  ${command}`);
  });

  it('explains discord-proxy and refuses a proxy setting it cannot use, naming the variable', async () => {
    const help = await cli(['discord-proxy', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('DISCORD_PROXY_REQUESTS_PER_SECOND');
    const bad = await cli(['discord-proxy'], { cwd: scratchDir(), env: { DISCORD_PROXY_PORT: 'eighty' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('discord.proxy.port (from DISCORD_PROXY_PORT)');
  });

  it('refuses an unknown command with one line on stderr and exit code 2', async () => {
    const result = await cli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });

  it.each([
    [['demo', '--bogus'], /demo: Unknown option '--bogus'/u],
    [['search'], /search: give a query/u],
    [['search', 'memory', '--limit', 'ten'], /--limit must be a whole number from 1 to 100, got "ten"/u],
    [['ingest'], /ingest: give --date/u],
    [['ingest', '--date', '2026-02-30'], /--date must be a date written YYYY-MM-DD/u],
    [['ingest', '--from', '2026-06-12', '--to', '2026-06-01'], /--from 2026-06-12 is after --to 2026-06-01/u],
    [['render', '--platform', 'discord'], /render: --input FILE is required/u],
    [['render', '--input', 'x.json', '--platform', 'teams'], /--platform must be one of discord, slack, console, got "teams"/u],
    [['render', '--input', 'missing.json', '--platform', 'slack'], /cannot read --input .*missing\.json/u],
  ])('answers %j with one clear line and exit code 2', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /u);
  });

  it('rejects a render input that is not JSON, or not a papers response, with exit code 2', async () => {
    const cwd = scratchDir();
    writeFileSync(join(cwd, 'broken.json'), '[{"paper": {"id": "2606.1');
    writeFileSync(join(cwd, 'other.json'), '"just a string"');
    const broken = await cli(['render', '--input', 'broken.json', '--platform', 'discord'], { cwd });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json is not valid JSON/u);
    const other = await cli(['render', '--input', 'other.json', '--platform', 'discord'], { cwd });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/other\.json is not a Hugging Face papers response/u);
  });

  it('exits non-zero listing every configuration problem, without a stack trace', async () => {
    const result = await cli(['search', 'memory'], { env: { HF_BASE_URL: 'nope', LOG_LEVEL: 'chatty' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Configuration is invalid (2 problems):');
    expect(result.stderr).toContain('huggingFace.baseUrl (from HF_BASE_URL):');
    expect(result.stderr).toContain('log.level (from LOG_LEVEL):');
    expect(result.stderr).not.toMatch(/\n\s+at /u);
  });

  it('refuses to start without any platform credentials and says which to set', async () => {
    const result = await cli(['start']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No chat platform has credentials');
    expect(result.stderr).toContain('.env.example');
  });
});

describe('paperboy demo', () => {
  it('loads the bundled day into SQLite, prints the digest, then the memory search with that day\'s memory papers first', async () => {
    const cwd = scratchDir();
    const result = await cli(['demo'], { cwd });
    expect(result.code).toBe(0);
    expect(existsSync(join(cwd, 'data', 'demo.db'))).toBe(true);
    const out = result.stdout;
    expect(out).toContain('Loaded 30 papers of 2026-06-12');
    expect(out).toContain('Hugging Face Daily Papers · 2026-06-12 · top 10 of 30');
    const digest = out.slice(0, out.indexOf('Results for "memory"'));
    const search = out.slice(out.indexOf('Results for "memory"'));
    expect(digest.indexOf('EvoArena')).toBeLessThan(digest.indexOf('MiniMax Sparse Attention'));
    expect(search).toMatch(/^Results for "memory" \(1–6 of 6/u);
    expect(search.indexOf('1. EvoArena: Tracking Memory Evolution')).toBeGreaterThan(0);
    for (const id of ['2606.13681', '2606.13174', '2606.10896', '2606.10423', '2606.13572', '2606.13392']) expect(search).toContain(id);
  });

  it('is idempotent: a second run updates nothing and duplicates nothing', async () => {
    const cwd = scratchDir();
    await cli(['demo'], { cwd });
    const again = await cli(['demo'], { cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('(0 new, 0 updated, 30 unchanged; 0 skipped)');
  });
});

describe('paperboy search', () => {
  it('prints ranked, normalised results as JSON from the local index', async () => {
    const cwd = scratchDir();
    await cli(['demo', '--db', 'data/papers.db'], { cwd });
    const result = await cli(['search', 'memo', '--limit', '3', '--json'], { cwd, env: { DATABASE_PATH: 'data/papers.db' } });
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { total: number; pageCount: number; results: { rank: number; paper: { id: string; links: { hf: string } } }[] };
    expect(parsed.results.map((entry) => entry.rank)).toEqual([1, 2, 3]);
    expect(parsed.results[0]?.paper).toMatchObject({ id: '2606.13681', links: { hf: 'https://huggingface.co/papers/2606.13681' } });
    expect(parsed.total).toBeGreaterThanOrEqual(6);
  });

  it('looks a paper up by arXiv id or link in the local archive, and says when the archive lacks it', async () => {
    const cwd = scratchDir();
    await cli(['demo', '--db', 'data/papers.db'], { cwd });
    const env = { DATABASE_PATH: 'data/papers.db' };
    for (const text of ['2606.13681v2', 'https://arxiv.org/pdf/2606.13681', 'https://huggingface.co/papers/2606.13681']) {
      const found = await cli(['search', text, '--json'], { cwd, env });
      expect((JSON.parse(found.stdout) as { results: { paper: { id: string } }[] }).results.map((entry) => entry.paper.id), text).toEqual(['2606.13681']);
    }
    const missing = await cli(['search', 'https://arxiv.org/abs/2699.99999'], { cwd, env });
    expect(missing.code).toBe(0);
    expect(missing.stdout).toContain('Paper 2699.99999 is not in the local archive.');
  });

  it('answers hostile queries with an empty or ranked list, never an error', async () => {
    const cwd = scratchDir();
    await cli(['demo', '--db', 'data/papers.db'], { cwd });
    for (const query of ['"', 'NEAR(', '*', 'AND', '-', "'; DROP TABLE papers; --", '🧠'.repeat(100), 'x'.repeat(5000)]) {
      const result = await cli(['search', query, '--json'], { cwd, env: { DATABASE_PATH: 'data/papers.db' } });
      expect(result.code, query.slice(0, 20)).toBe(0);
      expect(Array.isArray((JSON.parse(result.stdout) as { results: unknown[] }).results)).toBe(true);
    }
  });
});
