/**
 * One Discord REST budget for every instance: three bot processes (the discord.js client as
 * Paperboy builds it, each in its own process) post at full speed through `paperboy
 * discord-proxy`, itself a child process, and the fake Discord, which counts the global limit
 * of 50 requests/s per token across all connections, answers none of them with a global 429.
 * Sent straight to the fake, the same three processes overrun it.
 *
 * The proxy runs at half the limit here. The fake counts a window from when it gets to a
 * request, and on a loaded two-core machine its process can stall for longer than the proxy's
 * margin between windows (rest-proxy.ts), which would squeeze two windows of 50 into one of
 * its own. At 25 a window, no stall shorter than a whole window can.
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
const CHANNELS = 20;
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
    // 60 requests at 25 a window take two more windows after the first.
    const span = (creates.at(-1)?.time ?? 0) - (creates[0]?.time ?? 0);
    expect(span).toBeGreaterThanOrEqual(2_000);
  }, 30_000);

  it('lets the same processes overrun the global limit when each sends straight to Discord', async () => {
    const reports = await senders(PROCESSES).go({ apiUrl: fake.apiUrl });
    expect(reports.map((report) => report.failed)).toEqual([[], [], []]);
    expect(fake.globalRateLimits(TOKEN)).toBeGreaterThan(0);
  }, 30_000);
});
