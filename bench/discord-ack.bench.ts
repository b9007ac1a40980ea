/**
 * How fast the real bot (startPaperboy, the real discord.js client) gives a `/papers` command
 * its first response, with 50,000 papers in the store: from the slash command's dispatch on the
 * fake gateway to its defer callback reaching the fake (Discord allows 3 s; our goal is p99 <
 * 100 ms), and on to the final edit with the results. Baseline in the same run:
 * `/paperboy help`, answered in its first callback with no I/O. The fake Discord runs in a
 * child process (discord-fake-process.ts) so the load side never waits on the bot.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startPaperboy, type Paperboy } from '../src/main.js';
import { discordPlatform } from '../src/platforms/discord/platform.js';
import type { InteractionOptions } from '../test/fakes/discord/index.js';
import type { FakeReply, FakeRequest, Sample } from './discord-fake-process.js';
import { ms, percentile, type BenchTable } from './table.js';
import { SEARCH_WORDS, searchWord, seedSyntheticArchive } from './synthetic-archive.js';

const PAPERS = 50_000;
const SEARCHES = 200;
const CONCURRENCY = 20;
const GOAL_P99_MS = 100;
const TOKEN = 'MTAw.bench.discord-token';
const MANAGE_CHANNELS = String(2248473465835073n | (1n << 4n));



/** The fake Discord in its own process, and a promise per request. */
async function startFakeProcess(): Promise<{ child: ChildProcess; ready: Extract<FakeReply, { type: 'ready' }>; ask: (request: FakeRequest) => Promise<Sample[]> }> {
  const child = fork(resolve(import.meta.dirname, 'discord-fake-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_DISCORD_TOKEN: TOKEN },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (): Promise<FakeReply> => new Promise((resolvePromise, reject) => {
    child.once('message', (message: FakeReply) => { resolvePromise(message); });
    child.once('exit', (code) => { reject(new Error(`fake Discord process exited with ${code}`)); });
  });
  const ready = await next();
  if (ready.type !== 'ready') throw new Error('fake Discord process did not start');
  return {
    child,
    ready,
    async ask(request) {
      const answer = next();
      child.send(request);
      const reply = await answer;
      if (reply.type === 'error') throw new Error(reply.message);
      return reply.type === 'result' ? [...reply.samples] : [];
    },
  };
}

const search = (query: string): InteractionOptions => ({ name: 'papers', options: { query } });

export default async function discordAckBench(): Promise<BenchTable[]> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-discord-'));
  const databasePath = join(dir, 'paperboy.db');
  const seedMs = await seedSyntheticArchive(databasePath, PAPERS);

  const fake = await startFakeProcess();
  let paperboy: Paperboy | undefined;
  const rows: (string | number)[][] = [];
  let verdict = '';
  try {
    const loaded = loadConfig({
      configDir: resolve(import.meta.dirname, '../config'),
      env: { HF_BASE_URL: fake.ready.hfBaseUrl, DATABASE_PATH: databasePath, LOG_LEVEL: 'warn', DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.ready.apiUrl },
    });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const logger = createLogger({ level: 'warn', destination: { write: () => undefined } });
    paperboy = await startPaperboy({ config: loaded.config, logger, cwd: dir, platforms: [discordPlatform] });

    // Every query distinct, so each search really reaches the 50,000-paper index.
    const queries = Array.from({ length: SEARCHES }, (_, i) => `${searchWord(i)} ${searchWord(i + 1 + Math.floor(i / SEARCH_WORDS.length))}`);
    await fake.ask({ type: 'run', commands: SEARCH_WORDS.map((w) => search(`${w} warmup`)), concurrency: CONCURRENCY, waitForEdit: true });
    const help = await fake.ask({
      type: 'run',
      commands: Array.from({ length: SEARCHES }, () => ({ name: 'paperboy', subcommand: 'help', permissions: MANAGE_CHANNELS })),
      concurrency: CONCURRENCY,
      waitForEdit: false,
    });
    const searches = await fake.ask({ type: 'run', commands: queries.map(search), concurrency: CONCURRENCY, waitForEdit: true });
    const refused = [...help, ...searches].filter((sample) => sample.ackStatus !== 204);
    if (refused.length > 0) throw new Error(`${refused.length} interaction callbacks were refused (status ${refused[0]?.ackStatus})`);

    const acks = searches.map((sample) => sample.ackMs);
    const edits = searches.map((sample) => sample.editMs ?? Number.NaN);
    const helpAcks = help.map((sample) => sample.ackMs);
    rows.push(['/paperboy help (baseline: the reply is the first response)', 'reply callback', SEARCHES, ms(percentile(helpAcks, 50)), ms(percentile(helpAcks, 99))]);
    rows.push(['/papers <query>', 'defer callback', SEARCHES, ms(percentile(acks, 50)), ms(percentile(acks, 99))]);
    rows.push(['/papers <query>', 'final edit (results)', SEARCHES, ms(percentile(edits, 50)), ms(percentile(edits, 99))]);
    const p99 = percentile(acks, 99);
    verdict = `Goal: first response p99 < ${GOAL_P99_MS} ms → ${p99 < GOAL_P99_MS ? 'met' : 'NOT met'} (${ms(p99)} ms; Discord's limit is 3000 ms).`;
  } finally {
    await paperboy?.stop();
    fake.child.send({ type: 'stop' } satisfies FakeRequest);
    await new Promise((resolvePromise) => fake.child.once('exit', resolvePromise));
    rmSync(dir, { recursive: true, force: true });
  }

  return [{
    title: `Discord /papers first-response latency (${PAPERS.toLocaleString('en-US')} papers, ${CONCURRENCY} concurrent)`,
    columns: ['command', 'measured until', 'n', 'p50 ms', 'p99 ms'],
    rows,
    notes: [
      verdict,
      'Real discord.js client logged in to the fake gateway + REST on 127.0.0.1, which runs in a child process and times from',
      'the INTERACTION_CREATE dispatch to each request it receives; Hugging Face search (fake, same process) answers empty at once.',
      `Every query is different, so no search is served from the cache. Seeding ${PAPERS.toLocaleString('en-US')} papers took ${ms(seedMs / 1000, 1)} s.`,
    ],
  }];
}
