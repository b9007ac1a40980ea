/**
 * Scale-out fan-out: the fan-out digest (300 Discord + 300 Slack channels, fanout-world.ts)
 * delivered by 1 and by 3 `paperboy start` processes sharing one PostgreSQL database (a
 * throwaway cluster) and one `paperboy discord-proxy`, as "Running several instances" in the
 * README deploys them: the same commands and environment, the Discord shards split between the
 * instances. Discord's global limit belongs to the token, so 3 instances cannot beat the bound
 * one instance has; the goal is that they keep to it: no global 429s, nothing posted twice or
 * missed, and the total within 1.15× of the bound. Timed from the first digest message, so the
 * processes' start-up (several seconds on a busy machine) is not counted; it is printed apart.
 *
 * SCALEOUT_INSTANCES (default "1,3") picks the rows; SCALEOUT_PROXY_BUDGET the proxy's
 * requests per second: default 48, the proxy's own default (it sends them evenly spaced; the
 * fake counts fixed 1 s windows from its own clock, as Discord does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, setPriority, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { openPostgresStores } from '../src/store/postgres/stores.js';
import { startPostgresCluster, type PostgresCluster } from '../test/support/postgres/cluster.js';
import { CHANNELS, DISCORD_GLOBAL_PER_SECOND, DISCORD_TOKEN, FANOUT_COLUMNS, PAPERS, SLACK_TOKEN, startFanoutWorld } from './fanout-world.js';
import type { BenchTable } from './table.js';

const REPO = resolve(import.meta.dirname, '..');
const INSTANCES = (process.env.SCALEOUT_INSTANCES ?? '1,3').split(',').map(Number);
const PROXY_BUDGET = Number(process.env.SCALEOUT_PROXY_BUDGET ?? DISCORD_GLOBAL_PER_SECOND - 2);
/**
 * The most channels one instance works on at once that the configuration allows. Enough to
 * keep Discord's 50/s busy; Slack's 300 channels then take an instance three rounds of 10 s.
 */
const CHANNEL_CONCURRENCY = 100;
const FAKES_PRIORITY = -10;
/** After the last channel is complete: time for a late duplicate to show. */
const SETTLE_MS = 3_000;

interface Run {
  readonly rows: (string | number)[][];
  readonly startupSeconds: number;
  readonly discordRequests: number;
  /** The most bot requests the fake Discord saw arrive within any one second (its own clock). */
  readonly busiestSecond: number;
  /** Error log lines of all processes, counted by message. */
  readonly errors: ReadonlyMap<string, number>;
}

/**
 * The fakes stand in for Discord and Slack, which never wait for this machine's CPU, and they
 * stamp each request's arrival, by which the global limit is counted. So their process (this
 * one) runs at a higher priority than the bots, where the system allows it (root).
 */
function prioritiseFakes(): string {
  try {
    setPriority(FAKES_PRIORITY);
    return `the fakes' process runs at nice ${FAKES_PRIORITY}`;
  } catch {
    return 'the fakes\' process could not be given a higher priority (not root), so on a busy machine they see requests late and bunched';
  }
}

export default async function scaleOut(): Promise<BenchTable[]> {
  const cluster: PostgresCluster = await startPostgresCluster();
  const priority = prioritiseFakes();
  const runs: { instances: number; run: Run }[] = [];
  try {
    for (const instances of INSTANCES) runs.push({ instances, run: await runInstances(cluster, instances) });
  } finally {
    await cluster.stop();
  }
  const last = runs.at(-1);
  const both = last?.run.rows[2] ?? [];
  const ratio = Number(both[5]);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  return [
    {
      title: `Scale-out fan-out: ${CHANNELS} Discord + ${CHANNELS} Slack channels × (${PAPERS} papers + header), N instances on one PostgreSQL through one discord-proxy`,
      columns: FANOUT_COLUMNS,
      rows: runs.flatMap(({ run }) => run.rows),
      notes: [
        `Limits as in the fan-out table; the proxy's budget is ${PROXY_BUDGET} requests/s for all instances together; each instance works on up to ${CHANNEL_CONCURRENCY} channels at once per platform (schedule.channelConcurrency's maximum), so Slack's row cannot reach its 10 s bound with one instance. Times run from the first digest message; 'global 429s' are Discord's (the fake's) global limit, '429s seen' adds per-channel buckets and Slack's.`,
        ...runs.map(({ instances, run }) => `${instances} instance(s): processes up to first post ${run.startupSeconds.toFixed(1)} s; Discord requests answered ${run.discordRequests} (digest ${CHANNELS * (1 + 2 * PAPERS)}, the rest channel look-ups by instances whose shard does not hold the server); the most bot requests arriving at the fake in any one second ${run.busiestSecond}; errors logged: ${[...run.errors].map(([message, n]) => `${n} × ${message}`).join('; ') || 'none'}.`),
        `Load average when done: ${loadavg().map((load) => load.toFixed(1)).join(', ')} (1, 5, 15 min) on ${cpus().length} cores; ${priority}.`,
        last === undefined ? 'no run' : `Goals with ${last.instances} instances: ratio ≤ 1.15 (measured ${ratio.toFixed(2)}: ${verdict(ratio <= 1.15)}), zero global 429s (${String(both[7])}: ${verdict(both[7] === 0)}), zero duplicates (${String(both[8])}: ${verdict(both[8] === 0)}), zero misses (${String(both[9])}: ${verdict(both[9] === 0)}).`,
      ],
    },
  ];
}

async function runInstances(cluster: PostgresCluster, count: number): Promise<Run> {
  const world = await startFanoutWorld();
  const database = `scaleout_${count}_${process.pid}`;
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const databaseUrl = cluster.url(database);
  const stores = await openPostgresStores(databaseUrl);
  await world.subscribe(stores);
  await stores.close();

  const cwd = mkdtempSync(join(tmpdir(), 'paperboy-scaleout-'));
  cpSync(join(REPO, 'config', 'default.json'), join(cwd, 'config', 'default.json'));
  writeFileSync(join(cwd, 'config', 'local.json'), JSON.stringify({ schedule: { channelConcurrency: CHANNEL_CONCURRENCY, slackMinIntervalMs: 1000 } }));
  const children: ChildProcess[] = [];
  const errors = new Map<string, number>();
  const paperboy = (command: 'start' | 'discord-proxy', env: Record<string, string>): ChildProcess => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'paperboy.js'), command], { cwd, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    // Children inherit this process's priority; the bots get the ordinary one.
    if (child.pid !== undefined) setPriority(child.pid, 0);
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (!/"level":(50|60)/u.test(line)) return;
      const cause = /"err":\{[^}]*?"message":"([^"]{0,120})/u.exec(line)?.[1];
      const message = `${/"msg":"([^"]*)"/u.exec(line)?.[1] ?? line.slice(0, 80)}${cause === undefined ? '' : ` (${cause})`}`;
      errors.set(message, (errors.get(message) ?? 0) + 1);
    });
    return child;
  };
  try {
    const proxy = paperboy('discord-proxy', {
      DISCORD_API_URL: world.discord.apiUrl, DISCORD_PROXY_HOST: '127.0.0.1', DISCORD_PROXY_PORT: '0', DISCORD_PROXY_REQUESTS_PER_SECOND: String(PROXY_BUDGET), LOG_LEVEL: 'info',
    });
    const proxyUrl = await loggedUrl(proxy);
    const spawned = Date.now();
    for (let index = 0; index < count; index += 1) {
      paperboy('start', {
        HF_BASE_URL: world.hf.baseUrl, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn',
        DISCORD_TOKEN, DISCORD_PROXY_URL: proxyUrl,
        ...(count > 1 ? { DISCORD_SHARD_COUNT: String(count), DISCORD_SHARDS: String(index) } : {}),
        SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_SIGNING_SECRET: 'bench-secret', SLACK_API_URL: world.slack.apiUrl, SLACK_HOST: '127.0.0.1', SLACK_PORT: '0',
      });
    }
    const finished = await world.waitUntilDelivered(spawned);
    await new Promise((resolveWait) => setTimeout(resolveWait, SETTLE_MS));
    const first = world.firstPost();
    return {
      rows: world.rows(`${count} instance${count === 1 ? '' : 's'}`, first, finished),
      startupSeconds: (first - spawned) / 1000,
      discordRequests: world.discord.requests.filter((request) => request.status < 400 && request.auth !== undefined).length,
      busiestSecond: busiestSecond(world.discord.requests.filter((request) => request.auth !== undefined).map((request) => request.time)),
      errors,
    };
  } finally {
    await stopAll(children);
    await world.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** The most of `times` (ms) inside any window of one second, wherever it starts. */
function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= 1000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** `paperboy discord-proxy` logs the URL it listens on; resolves with it. */
function loggedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    const log: string[] = [];
    createInterface({ input: child.stderr! }).on('line', (line) => {
      log.push(line);
      const url = /"url":"(http:\/\/[^"]+)"/u.exec(line)?.[1];
      if (url !== undefined) resolveUrl(url);
    });
    child.once('exit', (code) => { reject(new Error(`discord-proxy exited with ${String(code)} before listening: ${log.slice(-5).join('\n')}`)); });
  });
}

/** SIGTERM (an orderly stop), then SIGKILL for any process still running after 15 s. */
async function stopAll(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(children.map(async (child) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolveExit) => child.once('exit', () => { resolveExit(); }));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }));
}
