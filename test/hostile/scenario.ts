/**
 * The hostile-traffic scenario, shared by its test and `npm run bench`: the real bot runs as a
 * child process (`paperboy start`, Discord and Slack, health port on) against the fake
 * Discord, Slack and Hugging Face on 127.0.0.1. While a digest is due for one channel on each
 * platform, flooders send commands as fast as the fakes let them, normal users search at a
 * person's pace, and junk goes to the health port and the Slack receiver: request lines `new
 * URL` cannot read, garbage, oversized headers and bodies, forged and replayed signatures, and
 * connections that never finish their headers. Everything is bounded in count and time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { latestCompletePapersDay } from '../../src/core/papers-day.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { FAKE_GUILD_ID, startDiscordFake, type DiscordFake } from '../fakes/discord/index.js';
import { startHfServer, type HfServer } from '../fakes/hf/server.js';
import { sendToBolt, slashCommand, startSlackFake, type SlackFake } from '../fakes/slack/index.js';
import { FIXTURES, loadFixture } from '../support/hf-fixtures.js';

const REPO = resolve(import.meta.dirname, '../..');
const SECRET = 'hostile-signing-secret';
const DISCORD_CHANNEL = '3100000000000000001';
const SLACK_CHANNEL = 'CHOSTILE';
export const DIGEST_PAPERS = 4;

export interface ScenarioOptions {
  /** Users sending commands back to back; half on each platform. */
  readonly flooders: number;
  readonly commandsPerFlooder: number;
  /** Users searching at a person's pace; half on each platform. */
  readonly normalUsers: number;
  readonly searchesPerNormalUser: number;
  /** Send the junk requests too. */
  readonly hostile: boolean;
}

export interface ScenarioResult {
  /** First-response times of normal users' commands, ms. */
  readonly normalAcks: { readonly discord: number[]; readonly slack: number[] };
  readonly normalSlowDowns: number;
  /** "Slow down" answers per flooder. */
  readonly flooderSlowDowns: number[];
  readonly flooderCommands: number;
  /** Unanswered commands (no callback / no HTTP answer). */
  readonly unanswered: number;
  /** Paper ids per channel in posting order, header first. */
  readonly digest: { readonly discord: string[]; readonly slack: string[]; readonly expected: string[] };
  /** From the bot starting to the last digest message, ms. */
  readonly digestMs: number;
  /** Junk requests with their answers (0: the connection was closed without one). */
  readonly junk: { readonly name: string; readonly status: number }[];
  readonly slowClientsClosed: boolean;
  readonly maxRssMb: number;
  readonly startRssMb: number;
  readonly exitedEarly: boolean;
  readonly healthAfter: number;
  readonly stderr: string;
  /** When each part finished, ms after the bot was started. */
  readonly timeline: string[];
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const kb = /VmRSS:\s+(\d+)/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? 0 : Number(kb) / 1024;
  } catch {
    return 0;
  }
}

/** Raw bytes to a port; the status line of what came back, 0 if the server just closed. */
function raw(port: number, bytes: string | Buffer, timeoutMs = 8_000): Promise<number> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      done(Number(/^HTTP\/1\.1 (\d{3})/u.exec(received)?.[1] ?? 0));
    });
    socket.end(bytes);
  });
}

/** Connections that send half a request line and wait; true when the server closed them all. */
async function slowClients(ports: readonly number[], perPort: number, waitMs: number): Promise<boolean> {
  const sockets = ports.flatMap((port) => Array.from({ length: perPort }, () => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    // Reading is what lets the socket see the server's 408 and close.
    socket.resume();
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    return socket;
  }));
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline && sockets.some((socket) => !socket.closed)) await sleep(100);
  const allClosed = sockets.every((socket) => socket.closed);
  for (const socket of sockets) socket.destroy();
  return allClosed;
}

async function junk(healthPort: number, slackPort: number): Promise<{ name: string; status: number }[]> {
  const results: { name: string; status: number }[] = [];
  const record = async (name: string, status: Promise<number>) => results.push({ name, status: await status });
  for (const [label, port] of [['health', healthPort], ['slack', slackPort]] as const) {
    await record(`${label} GET //a:99999`, raw(port, 'GET //a:99999 HTTP/1.1\r\nHost: x\r\n\r\n'));
    await record(`${label} garbage request line`, raw(port, 'HELLO THERE\r\n\r\n'));
    await record(`${label} binary`, raw(port, Buffer.from([0, 1, 2, 3, 255, 13, 10, 13, 10])));
    await record(`${label} 40 KB header`, raw(port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`));
  }
  await record('health POST 1 MB', raw(healthPort, `POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n${'x'.repeat(1_048_576)}`));
  const big = slashCommand({ command: '/papers', text: 'x'.repeat(3 * 1024 * 1024), responseUrl: 'http://127.0.0.1:9/big' });
  await record('slack signed 3 MB', sendToBolt(slackPort, big, { secret: SECRET }).then((r) => r.status));
  for (let i = 0; i < 20; i++) {
    const forged = slashCommand({ command: '/paperboy', text: 'subscribe', userId: 'U0ADMIN', responseUrl: 'http://127.0.0.1:9/forged' });
    await record('slack forged signature', sendToBolt(slackPort, forged, { secret: SECRET, badSignature: true }).then((r) => r.status));
  }
  const replayed = slashCommand({ command: '/paperboy', text: 'help', responseUrl: 'http://127.0.0.1:9/replayed' });
  const ts = Math.floor(Date.now() / 1000);
  await record('slack first delivery', sendToBolt(slackPort, replayed, { secret: SECRET, ts }).then((r) => r.status));
  for (let i = 0; i < 5; i++) await record('slack replay', sendToBolt(slackPort, replayed, { secret: SECRET, ts }).then((r) => r.status));
  return results;
}

interface Bot {
  readonly child: ChildProcess;
  readonly ports: { health: number; slack: number };
  stderr(): string;
}

async function startBot(cwd: string, fakes: { discord: DiscordFake; slack: SlackFake; hf: HfServer }): Promise<Bot> {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'paperboy.js'), 'start'], {
    cwd,
    env: {
      PATH: process.env.PATH,
      HF_BASE_URL: fakes.hf.baseUrl,
      DATABASE_PATH: join(cwd, 'paperboy.db'),
      LOG_LEVEL: 'info',
      DISCORD_TOKEN: 'hostile-test-token',
      DISCORD_API_URL: fakes.discord.apiUrl,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fakes.slack.apiUrl,
      SLACK_HOST: '127.0.0.1',
      SLACK_PORT: '0',
      HEALTH_HOST: '127.0.0.1',
      HEALTH_PORT: '0',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ports = { health: 0, slack: 0 };
  const deadline = Date.now() + 30_000;
  while ((ports.health === 0 || ports.slack === 0) && Date.now() < deadline && child.exitCode === null) {
    for (const line of stderr.split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === 'health endpoint listening' && entry.port !== undefined) ports.health = entry.port;
      if (entry.msg === 'slack app listening' && entry.port !== undefined) ports.slack = entry.port;
    }
    await sleep(50);
  }
  if (ports.health === 0 || ports.slack === 0) throw new Error(`the bot did not start:\n${stderr}`);
  return { child, ports, stderr: () => stderr };
}

function prepareHome(): { cwd: string; expected: string[] } {
  const cwd = mkdtempSync(join(tmpdir(), 'paperboy-hostile-'));
  cpSync(join(REPO, 'config', 'default.json'), join(cwd, 'config', 'default.json'));
  writeFileSync(join(cwd, 'config', 'local.json'), JSON.stringify({
    // Hugging Face paced as in production, so searches and digests compete for one budget.
    huggingFace: { retries: 0, timeoutMs: 2000, requestsPerFiveMinutes: 60 },
    schedule: { tickSeconds: 1, slackMinIntervalMs: 0 },
  }));
  const items = loadFixture(FIXTURES.day0612);
  const expected = [...items]
    .sort((a, b) => Number(b.paper.upvotes) - Number(a.paper.upvotes) || String(a.paper.id).localeCompare(String(b.paper.id)))
    .slice(0, DIGEST_PAPERS)
    .map((item) => String(item.paper.id));
  return { cwd, expected };
}

async function subscribeDue(cwd: string, now: Date): Promise<void> {
  const due = new Date(now.getTime() - 60_000);
  const stores = createSqliteStores(openDatabase(join(cwd, 'paperboy.db')));
  for (const [platform, workspaceId, channelId] of [['discord', FAKE_GUILD_ID, DISCORD_CHANNEL], ['slack', 'T0001', SLACK_CHANNEL]] as const) {
    await stores.subscriptions.saveSubscription({
      platform, workspaceId, channelId,
      time: due.toISOString().slice(11, 16), timezone: 'UTC', maxPapers: DIGEST_PAPERS, minUpvotes: 0, filter: '', cadence: 'daily', thread: false,
      weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false, consecutiveFailures: 0,
      createdBy: 'U0ADMIN', createdAt: new Date(now.getTime() - 86_400_000).toISOString(), updatedAt: now.toISOString(),
    });
  }
  await stores.close();
}

/** Runs `work` for each item, at most `concurrency` at once. */
async function pool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  }));
  return results;
}

const SLOW_DOWN = /^Slow down/u;

export async function runHostileScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const discord = await startDiscordFake({ token: 'hostile-test-token', guilds: [{ id: FAKE_GUILD_ID, channels: [{ id: DISCORD_CHANNEL, name: 'papers' }] }] });
  const slack = await startSlackFake({ botToken: 'xoxb-test' });
  const hf = await startHfServer();
  const now = new Date();
  const day = latestCompletePapersDay(now);
  const items = loadFixture(FIXTURES.day0612);
  hf.setDay(day, items.map((item) => ({ ...item, paper: { ...item.paper, submittedOnDailyAt: `${day}T00:00:00.000Z` } })));
  const { cwd, expected } = prepareHome();
  await subscribeDue(cwd, now);

  let bot: Bot | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    const started = Date.now();
    const timeline: string[] = [];
    bot = await startBot(cwd, { discord, slack, hf });
    const { child, ports } = bot;
    const startRssMb = rssMb(child.pid);
    let maxRssMb = startRssMb;
    sampler = setInterval(() => (maxRssMb = Math.max(maxRssMb, rssMb(child.pid))), 200);

    const papersOf = (platform: 'discord' | 'slack'): string[] => platform === 'discord'
      ? discord.messages(DISCORD_CHANNEL).map((m) => ((m.embeds as { url?: string }[] | undefined)?.[0]?.url ?? 'header').replace('https://huggingface.co/papers/', ''))
      : slack.messages(SLACK_CHANNEL).map((m) => (m.metadata?.event_type === 'paperboy_paper' ? String(m.metadata.event_payload.paper_id) : 'header'));
    let digestMs = -1;
    const digestDone = (async () => {
      const want = DIGEST_PAPERS + 1;
      while (Date.now() - started < 60_000 && (papersOf('discord').length < want || papersOf('slack').length < want)) await sleep(50);
      digestMs = Date.now() - started;
    })();

    // Discord: dispatch on the fake gateway, time to the interaction callback.
    async function discordCommand(userId: string, query: string): Promise<{ ms: number; slowDown: boolean } | undefined> {
      const sent = performance.now();
      const interaction = discord.interaction({ name: 'papers', options: { query }, userId, channelId: DISCORD_CHANNEL });
      try {
        const callback = await discord.waitForRoute('interaction.callback', (request) => request.params.token === interaction.token, 15_000);
        const content = (callback.body as { data?: { content?: string } } | undefined)?.data?.content ?? '';
        return { ms: performance.now() - sent, slowDown: SLOW_DOWN.test(content) };
      } catch {
        return undefined;
      }
    }
    async function slackCommand(userId: string, query: string): Promise<{ ms: number; slowDown: boolean } | undefined> {
      const sent = performance.now();
      try {
        const response = await sendToBolt(ports.slack, slashCommand({ command: '/papers', text: query, userId, channelId: SLACK_CHANNEL, responseUrl: slack.responseUrl(`r-${userId}-${query}`) }), { secret: SECRET });
        if (response.status !== 200) return undefined;
        const text = response.body === '' ? '' : ((JSON.parse(response.body) as { text?: string }).text ?? '');
        return { ms: performance.now() - sent, slowDown: SLOW_DOWN.test(text) };
      } catch {
        return undefined;
      }
    }

    const flooders = Array.from({ length: options.flooders }, (_, i) => ({ platform: i % 2 === 0 ? 'discord' as const : 'slack' as const, id: i }));
    const flood = Promise.all(flooders.map(async (flooder) => {
      const userId = flooder.platform === 'discord' ? `41000000000000${String(flooder.id).padStart(4, '0')}` : `U0FLOOD${flooder.id}`;
      const commands = Array.from({ length: options.commandsPerFlooder }, (_, n) => `flood ${flooder.id} query ${n}`);
      const answers = await pool(commands, 1, (query) => (flooder.platform === 'discord' ? discordCommand(userId, query) : slackCommand(userId, query)));
      return answers;
    }));
    // People come in once the flood is in full swing (and the bot's first second, its warm-up, is over).
    const normal = Promise.all(Array.from({ length: options.normalUsers }, async (_, i) => {
      await sleep(1_000);
      const platform = i % 2 === 0 ? 'discord' : 'slack';
      const userId = platform === 'discord' ? `42000000000000${String(i).padStart(4, '0')}` : `U0NORMAL${i}`;
      const answers: ({ ms: number; slowDown: boolean } | undefined)[] = [];
      for (let n = 0; n < options.searchesPerNormalUser; n++) {
        await sleep(300 + ((i * 37 + n * 101) % 400));
        answers.push(platform === 'discord' ? await discordCommand(userId, `memory ${n}`) : await slackCommand(userId, `memory ${n}`));
      }
      return { platform, answers };
    }));
    const junkDone = options.hostile ? junk(ports.health, ports.slack) : Promise.resolve([]);
    const slowDone = options.hostile ? slowClients([ports.health, ports.slack], 10, 25_000) : Promise.resolve(true);

    const timed = <T>(name: string, work: Promise<T>): Promise<T> => work.then((value) => {
      timeline.push(`${name} ${Date.now() - started} ms`);
      return value;
    });
    const [floodAnswers, normalAnswers, junkResults, slowClientsClosed] = await Promise.all([
      timed('flood', flood), timed('people', normal), timed('junk', junkDone), timed('slow clients', slowDone), timed('digest', digestDone),
    ]);
    await digestDone;
    clearInterval(sampler);
    sampler = undefined;
    const exitedEarly = child.exitCode !== null || child.signalCode !== null;
    const healthAfter = exitedEarly ? 0 : (await fetch(`http://127.0.0.1:${ports.health}/healthz`)).status;

    const normalAcks = { discord: [] as number[], slack: [] as number[] };
    let normalSlowDowns = 0;
    let unanswered = 0;
    for (const user of normalAnswers) {
      for (const answer of user.answers) {
        if (answer === undefined) unanswered += 1;
        else {
          normalAcks[user.platform === 'discord' ? 'discord' : 'slack'].push(answer.ms);
          if (answer.slowDown) normalSlowDowns += 1;
        }
      }
    }
    const flooderSlowDowns = floodAnswers.map((answers) => answers.filter((answer) => {
      if (answer === undefined) unanswered += 1;
      return answer?.slowDown === true;
    }).length);
    return {
      normalAcks, normalSlowDowns, flooderSlowDowns, unanswered,
      flooderCommands: options.flooders * options.commandsPerFlooder,
      digest: { discord: papersOf('discord'), slack: papersOf('slack'), expected: ['header', ...expected] },
      digestMs, junk: junkResults, slowClientsClosed, maxRssMb, startRssMb, exitedEarly, healthAfter, stderr: bot.stderr(), timeline,
    };
  } finally {
    if (sampler !== undefined) clearInterval(sampler);
    if (bot !== undefined && bot.child.exitCode === null) {
      const exited = new Promise((done) => bot?.child.once('exit', done));
      bot.child.kill('SIGTERM');
      await exited;
    }
    await Promise.allSettled([discord.stop(), slack.stop(), hf.close()]);
    rmSync(cwd, { recursive: true, force: true });
  }
}
