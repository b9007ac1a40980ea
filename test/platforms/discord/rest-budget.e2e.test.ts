/**
 * One Discord REST budget for every instance: three bot processes (the discord.js client as
 * Paperboy builds it, each in its own process) post at full speed through `paperboy
 * discord-proxy`, itself a child process, and the fake Discord, which counts the global limit
 * of 50 requests/s per token across all connections, answers none of them with a global 429.
 * Sent straight to the fake, the same three processes overrun it.
 *
 * The proxy runs at half the limit here. Both it and the fake count 1 s windows from a
 * window's first request, the fake from when its process gets to it; on a loaded two-core
 * machine that can be hundreds of milliseconds late, and then the end of one proxy window and
 * the start of the next fall into one window of the fake. At 25 a window, two never exceed 50.
 * (Child processes start slowly on a busy machine, hence the long timeouts.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spreadGuilds, startDiscordFake, type DiscordFake } from '../../fakes/discord/index.js';

const REPO = resolve(import.meta.dirname, '../../..');
const SENDER = join(import.meta.dirname, 'processes', 'rest-sender.ts');
const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAwMQ.GfAkE1.budget-test-token';
const PROCESSES = 3;
/** Each process alone stays within Discord's 50/s; the three together do not. */
const CHANNELS = 30;
const PROXY_BUDGET = 25;
const GUILD = spreadGuilds(1, { channelsPerGuild: CHANNELS });
const channelIds = (GUILD[0]?.channels ?? []).map((channel) => channel.id);

let fake: DiscordFake;
let dir: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  fake = await startDiscordFake({ token: TOKEN, guilds: GUILD, rateLimit: true });
  dir = mkdtempSync(join(tmpdir(), 'paperboy-budget-'));
  cpSync(join(REPO, 'config'), join(dir, 'config'), { recursive: true });
});

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** `paperboy discord-proxy` on a free port; resolves with the URL it logs. */
function startProxy(): Promise<string> {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'paperboy.js'), 'discord-proxy'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_PROXY_HOST: '127.0.0.1',
      DISCORD_PROXY_PORT: '0',
      DISCORD_PROXY_REQUESTS_PER_SECOND: String(PROXY_BUDGET),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  return new Promise((resolveUrl, reject) => {
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/u.exec(log)?.[1];
      if (url !== undefined) resolveUrl(url);
    });
    child.once('exit', (code) => { reject(new Error(`discord-proxy exited with ${String(code)}: ${log}`)); });
  });
}

interface SenderReport {
  readonly sent: number;
  readonly failed: readonly string[];
  /** 429s the process was answered and waited out. */
  readonly rateLimited: number;
}

/**
 * Bot processes, loaded and waiting; `go` tells each where to send (straight to Discord or
 * through the proxy) at the same moment, and resolves with their reports.
 */
function senders(count: number): { go(target: { apiUrl: string } | { proxyUrl: string }): Promise<SenderReport[]> } {
  const reports = Array.from({ length: count }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', SENDER], {
      cwd: REPO,
      env: { PATH: process.env.PATH, SENDER_TOKEN: TOKEN, SENDER_CHANNELS: channelIds.join(',') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    const report = new Promise<SenderReport>((resolveReport, reject) => {
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
      child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString('utf8'); });
      child.once('exit', (code) => {
        if (code === 0) resolveReport(JSON.parse(out) as SenderReport);
        else reject(new Error(`sender exited with ${String(code)}: ${err}`));
      });
    });
    return { child, report };
  });
  return {
    go(target) {
      for (const { child } of reports) child.stdin.write(`${JSON.stringify(target)}\n`);
      return Promise.all(reports.map(({ report }) => report));
    },
  };
}

const messagesPerChannel = (): number[] => channelIds.map((id) => fake.messages(id).length);

describe('one Discord REST budget across bot processes', () => {
  it('keeps three processes sending through paperboy discord-proxy within the token\'s global limit', async () => {
    const bots = senders(PROCESSES);
    const reports = await bots.go({ proxyUrl: await startProxy() });

    expect(reports.map((report) => report.failed)).toEqual([[], [], []]);
    expect(messagesPerChannel()).toEqual(channelIds.map(() => PROCESSES));
    expect(fake.globalRateLimits(TOKEN)).toBe(0);
    // Everything reached Discord through the proxy, not past it.
    const creates = fake.requestsTo('message.create');
    expect(creates).toHaveLength(PROCESSES * CHANNELS);
    expect(creates.every((request) => !String(request.headers['user-agent']).includes('discord.js/'))).toBe(true);
    // The proxy held back what did not fit its budget, and the processes sent it again later.
    expect(reports.reduce((sum, report) => sum + report.rateLimited, 0)).toBeGreaterThan(0);
  }, 60_000);

  it('lets the same processes overrun the global limit when each sends straight to Discord', async () => {
    const reports = await senders(PROCESSES).go({ apiUrl: fake.apiUrl });
    expect(reports.map((report) => report.failed)).toEqual([[], [], []]);
    expect(fake.globalRateLimits(TOKEN)).toBeGreaterThan(0);
  }, 60_000);
});
