import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHfServer, type HfServer } from '../fakes/hf-server.js';
import { loadFixture } from '../source/hf-fixtures.js';
import { cli, REPO, scratchDir } from './run-cli.js';

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
    expect(again.stdout).toContain('(0 new, 0 updated, 30 unchanged)');
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
