import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHfServer, type HfServer } from '../fakes/hf/server.js';
import { loadFixture } from '../support/hf-fixtures.js';
import { cli, REPO, scratchDir } from '../support/run-cli.js';

let hf: HfServer;
beforeEach(async () => {
  hf = await startHfServer();
});
afterEach(async () => {
  await hf.close();
});

function workDir(retries = 0): string {
  const cwd = scratchDir();
  writeFileSync(join(cwd, 'config', 'local.json'), JSON.stringify({ huggingFace: { retries, timeoutMs: 2000 } }));
  return cwd;
}

describe('paperboy ingest', () => {
  it('fetches a day through the real HTTP client into the store, then finds it by search', async () => {
    hf.setDay('2026-06-12', loadFixture('hf-daily-papers_latest-batch_2026-06-12.json'));
    const cwd = workDir();
    const env = { HF_BASE_URL: hf.baseUrl, DATABASE_PATH: 'data/p.db' };
    const result = await cli(['ingest', '--date', '2026-06-12'], { cwd, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2026-06-12: 30 papers (30 new, 0 updated, 0 unchanged)');
    expect(hf.requests[0]?.url).toMatch(/^\/api\/daily_papers\?date=2026-06-12&limit=100&p=0/u);

    const again = await cli(['ingest', '--date', '2026-06-12'], { cwd, env });
    expect(again.stdout).toContain('Ingested 0 papers from 0 of 1 days (0 invalid items skipped, 1 already complete');
    expect(hf.requests).toHaveLength(1);
    const refreshed = await cli(['ingest', '--date', '2026-06-12', '--refresh'], { cwd, env });
    expect(refreshed.stdout).toContain('(0 new, 0 updated, 30 unchanged)');
    expect(hf.requests).toHaveLength(2);
    const search = await cli(['search', 'memory', '--json'], { cwd, env });
    expect((JSON.parse(search.stdout) as { results: { paper: { id: string } }[] }).results[0]?.paper.id).toBe('2606.13681');
  });

  it('ingests a range, goes on past a failing day, lists it and exits 1', async () => {
    hf.setDay('2026-07-31', loadFixture('hf-daily-papers_2026-07-31_5-items.json'));
    hf.setDay('2026-07-30', []);
    const cwd = workDir(0);
    hf.failNext({ kind: 'status', status: 500 }, 1);
    const result = await cli(['ingest', '--from', '2026-07-29', '--to', '2026-07-31'], { cwd, env: { HF_BASE_URL: hf.baseUrl, DATABASE_PATH: 'data/p.db' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('2026-07-29: failed');
    expect(result.stdout).toContain('2026-07-30: 0 papers');
    expect(result.stdout).toContain('2026-07-31: 5 papers (5 new');
    expect(result.stdout).toContain('Ingested 5 papers from 2 of 3 days');
    expect(result.stderr).toContain('Failed days: 2026-07-29 (run again to retry them).');
  });

  it('resumes a range: a second run fetches only the days that failed or never finished', async () => {
    hf.setDay('2026-07-31', loadFixture('hf-daily-papers_2026-07-31_5-items.json'));
    hf.setDay('2026-07-30', []);
    hf.setDay('2026-07-29', []);
    const cwd = workDir(0);
    const env = { HF_BASE_URL: hf.baseUrl, DATABASE_PATH: 'data/p.db' };
    hf.failNext({ kind: 'status', status: 500 }, 1);
    expect((await cli(['ingest', '--from', '2026-07-29', '--to', '2026-07-31'], { cwd, env })).code).toBe(1);
    const before = hf.requests.length;
    const again = await cli(['ingest', '--from', '2026-07-29', '--to', '2026-07-31'], { cwd, env });
    expect(again.code).toBe(0);
    expect(hf.requests.slice(before).map((request) => new URL(request.url, hf.baseUrl).searchParams.get('date'))).toEqual(['2026-07-29']);
    expect(again.stdout).toContain('2 already complete');
  });

  it('rejects a request rate above what Hugging Face allows', async () => {
    const result = await cli(['ingest', '--date', '2026-07-31', '--rate', '900']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--rate must be a whole number from 1 to 500');
  });

  it('explains resuming and the request budget in its help', async () => {
    const result = await cli(['ingest', '--help']);
    expect(result.stdout).toContain('--from 2023-05-04 --to today');
    expect(result.stdout).toContain('resumes where it');
    expect(result.stdout).toContain('--rate N');
  });

  it('retries a 500 and succeeds, logging the retry without the token', async () => {
    hf.setDay('2026-07-31', loadFixture('hf-daily-papers_2026-07-31_5-items.json'));
    hf.failNext({ kind: 'status', status: 500 }, 1);
    const cwd = workDir(2);
    const result = await cli(['ingest', '--date', '2026-07-31'], { cwd, env: { HF_BASE_URL: hf.baseUrl, DATABASE_PATH: 'data/p.db', HF_TOKEN: 'hf_supersecret' } });
    expect(result.code).toBe(0);
    expect(hf.requests[1]?.headers.authorization).toBe('Bearer hf_supersecret');
    expect(result.stderr).toMatch(/retry/iu);
    expect(result.stderr).not.toContain('hf_supersecret');
  });
});

describe('the paperboy bin', () => {
  it('runs from a clone without a build step', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(REPO, 'bin', 'paperboy.js'), '--version'], { cwd: REPO });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/u);
  });
});
