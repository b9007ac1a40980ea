/**
 * One Discord REST budget for every instance: three bot processes (the discord.js client as
 * Paperboy builds it, each in its own process) post at once through `paperboy discord-proxy`,
 * itself a child process. The fake Discord, which counts the global limit per token across all
 * connections, answers none of them with a global 429, and no second of its arrivals holds more
 * than the limit. Sent straight to the fake, the same workload draws global 429s: each process
 * alone stays under the limit, so only a budget shared between them keeps it.
 *
 * The fake's limit is scaled down from Discord's 50/s to 20/s: a proxy that kept no budget at
 * all, slowed by a loaded two-core machine, forwarded about 50/s and could pass a test at 50 by
 * accident; at 20 it cannot. The proxy runs at half the fake's limit. Both count 1 s windows
 * from a window's first request, the fake from when its process gets to it, which can be
 * hundreds of milliseconds late; then the end of one proxy window and the start of the next fall
 * into one window of the fake, and two proxy windows together still fit.
 * (Child processes start slowly on a busy machine, hence the long timeouts.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spreadGuilds, startDiscordFake, type DiscordFake } from '../../fakes/discord/index.js';
import { startProxyProcess } from '../../support/discord-proxy-process.js';

const REPO = resolve(import.meta.dirname, '../../..');
const SENDER = join(import.meta.dirname, 'processes', 'rest-sender.ts');
const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAwMQ.GfAkE1.budget-test-token';
const PROCESSES = 3;
/** Messages each process sends at once: under the global limit alone, well over it together. */
const CHANNELS = 15;
const GLOBAL_LIMIT = 20;
const PROXY_BUDGET = GLOBAL_LIMIT / 2;
const GUILD = spreadGuilds(1, { channelsPerGuild: CHANNELS });
const channelIds = (GUILD[0]?.channels ?? []).map((channel) => channel.id);

/** One fake Discord the processes send to straight, another they reach through the proxy. */
let straight: DiscordFake;
let proxied: DiscordFake;
let dir: string;
const children: ChildProcess[] = [];
let bots: Senders;
let proxyUrl: string;

beforeAll(async () => {
  const fake = (): Promise<DiscordFake> => startDiscordFake({ token: TOKEN, guilds: GUILD, rateLimit: { globalPerSecond: GLOBAL_LIMIT } });
  [straight, proxied] = await Promise.all([fake(), fake()]);
  dir = mkdtempSync(join(tmpdir(), 'paperboy-budget-'));
  cpSync(join(REPO, 'config'), join(dir, 'config'), { recursive: true });
  // Slow starters (tsx loads the sources), so all at once and only once for both rounds.
  bots = senders(PROCESSES);
  proxyUrl = await startProxyProcess({ upstream: proxied.apiUrl, cwd: dir, requestsPerSecond: PROXY_BUDGET, children });
}, 60_000);

afterAll(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all([straight.stop(), proxied.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

interface SenderReport {
  readonly sent: number;
  readonly failed: readonly string[];
}

interface Senders {
  /** Tells every process where to send, at the same moment; resolves with their reports. */
  go(target: { apiUrl: string } | { proxyUrl: string }): Promise<SenderReport[]>;
}

/** Bot processes, loaded and waiting for `go`, one round per call. */
function senders(count: number): Senders {
  const processes = Array.from({ length: count }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', SENDER], {
      cwd: REPO,
      env: { PATH: process.env.PATH, SENDER_TOKEN: TOKEN, SENDER_CHANNELS: channelIds.join(',') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString('utf8'); });
    const lines = createInterface({ input: child.stdout });
    const report = (): Promise<SenderReport> => new Promise((resolveReport, reject) => {
      const onExit = (code: number | null): void => { reject(new Error(`sender exited with ${String(code)}: ${err}`)); };
      child.once('exit', onExit);
      lines.once('line', (line) => {
        child.off('exit', onExit);
        resolveReport(JSON.parse(line) as SenderReport);
      });
    });
    return { child, report };
  });
  return {
    go(target) {
      const reports = processes.map(({ report }) => report());
      for (const { child } of processes) child.stdin.write(`${JSON.stringify(target)}\n`);
      return Promise.all(reports);
    },
  };
}

const messagesPerChannel = (fake: DiscordFake): number[] => channelIds.map((id) => fake.messages(id).length);

/** The most requests of the bot's token that reached a fake within any one second. */
function busiestSecond(fake: DiscordFake): number {
  const times = fake.requests.filter((request) => request.auth === `Bot ${TOKEN}`).map((request) => request.time).sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (const [last, time] of times.entries()) {
    while (time - (times[first] ?? time) >= 1000) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('one Discord REST budget across bot processes', () => {
  it('keeps three processes sending through paperboy discord-proxy within the token\'s global limit', async () => {
    const reports = await bots.go({ proxyUrl });

    expect(reports.map((report) => report.failed)).toEqual([[], [], []]);
    expect(messagesPerChannel(proxied)).toEqual(channelIds.map(() => PROCESSES));
    expect(proxied.globalRateLimits(TOKEN)).toBe(0);
    expect(busiestSecond(proxied)).toBeLessThanOrEqual(GLOBAL_LIMIT);
    // Everything reached Discord through the proxy, not past it.
    const creates = proxied.requestsTo('message.create');
    expect(creates).toHaveLength(PROCESSES * CHANNELS);
    expect(creates.every((request) => !String(request.headers['user-agent']).includes('discord.js/'))).toBe(true);
    // The budget in force is the one the proxy was started with: asked for more at once, it
    // answers 429 itself and Discord sees only what fits.
    const burst = await Promise.all(channelIds.slice(0, 2 * PROXY_BUDGET).map((id) =>
      fetch(`${proxyUrl}/api/v10/channels/${id}`, { headers: { authorization: `Bot ${TOKEN}` } }).then((response) => response.status)));
    expect(burst.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(proxied.requestsTo('channel.get').length).toBeLessThan(2 * PROXY_BUDGET);
    expect(proxied.globalRateLimits(TOKEN)).toBe(0);
  }, 60_000);

  it('lets the same processes overrun the global limit when each sends straight to Discord', async () => {
    const reports = await bots.go({ apiUrl: straight.apiUrl });

    expect(reports.map((report) => report.failed)).toEqual([[], [], []]);
    expect(messagesPerChannel(straight)).toEqual(channelIds.map(() => PROCESSES));
    expect(straight.globalRateLimits(TOKEN)).toBeGreaterThan(0);
    expect(busiestSecond(straight)).toBeGreaterThan(GLOBAL_LIMIT);
  }, 60_000);
});
