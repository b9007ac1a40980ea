/**
 * deploy/docker-compose.yml, run without a container engine: the test reads the file and starts
 * every Paperboy service's command (the Dockerfile's ENTRYPOINT plus the service's `command`)
 * as a child process with the service's environment over the test's `.env`, as compose would.
 * Only what a single machine forces is changed, and each change is checked first: the
 * `postgres` service's URL becomes a database on the test cluster (after checking that user,
 * password and database match that service), `discord-proxy:8080` becomes where the proxy
 * listens (after checking the port is the proxy's), `0.0.0.0` becomes 127.0.0.1, and fixed
 * ports become free ones. The fakes' addresses are the only variables added (HF_BASE_URL and
 * SLACK_API_URL to the instances, DISCORD_API_URL to the proxy): instances get no Discord
 * address but the proxy's, so a request that bypassed it would fail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestCompletePapersDay } from '../../src/core/papers-day.js';
import { openPostgresStores } from '../../src/store/postgres/stores.js';
import { spreadGuildId, spreadGuilds, startDiscordFake, type DiscordFake } from '../fakes/discord/index.js';
import { startHfServer, type HfServer } from '../fakes/hf/server.js';
import { sendToBolt, slashCommand, startSlackFake, type SlackFake } from '../fakes/slack/index.js';
import { exited } from '../support/child-bot.js';
import { FIXTURES, loadFixture } from '../support/hf-fixtures.js';
import { createPostgresDatabase, type PostgresTestDatabase } from '../support/postgres/databases.js';
import { dockerEntrypoint, endpoint, readCompose, REPO, type ComposeService } from './compose.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAwMQ.GfAkE1.compose-test-token';
const SECRET = 'compose-test-signing-secret';
/** The `.env` an operator writes next to the compose file. */
const DOTENV = { POSTGRES_PASSWORD: 'compose-test-password', DISCORD_TOKEN: TOKEN, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET };
const services = readCompose(DOTENV);
const serviceNamed = (name: string): ComposeService => {
  const found = services[name];
  if (found === undefined) throw new Error(`no service ${name} in the compose file`);
  return found;
};
const instanceNames = Object.keys(services).filter((name) => services[name]?.command?.[0] === 'start');
const SHARD_COUNT = Number(serviceNamed(instanceNames[0] ?? '').environment.DISCORD_SHARD_COUNT);
const GUILDS = spreadGuilds(SHARD_COUNT);
/** A digest due a minute ago in one channel of every shard's server and in three Slack channels. */
const DIGEST = [
  ...GUILDS.map((guild) => ({ platform: 'discord' as const, workspaceId: guild.id, channelId: String(guild.channels?.[0]?.id) })),
  ...['CCOMPOSE1', 'CCOMPOSE2', 'CCOMPOSE3'].map((channelId) => ({ platform: 'slack' as const, workspaceId: 'T0001', channelId })),
];
const DIGEST_PAPERS = 3;

interface Running {
  readonly child: ChildProcess;
  /** Resolves with the first log line's fields that `pick` returns something for. */
  logged<T>(pick: (entry: Record<string, unknown>) => T | undefined): Promise<T>;
  lines(): Record<string, unknown>[];
}

let discord: DiscordFake;
let slack: SlackFake;
let hf: HfServer;
let database: PostgresTestDatabase;
let cwd: string;
let proxyUrl: string;
/** `compose run --rm <first instance> deploy-commands`, run beside the instances' start-up. */
let deployCommands: Promise<number | null>;
const children: Running[] = [];
const instances = new Map<string, { running: Running; slackPort: number; healthPort: number }>();

/** The service's environment with the single-machine substitutions the header lists. */
function localEnvironment(name: string): Record<string, string> {
  const env = { ...serviceNamed(name).environment };
  if (env.DATABASE_URL !== undefined) env.DATABASE_URL = database.url;
  if (env.DISCORD_PROXY_URL !== undefined) env.DISCORD_PROXY_URL = proxyUrl;
  for (const key of ['DISCORD_PROXY_HOST', 'SLACK_HOST', 'HEALTH_HOST'] as const) if (env[key] === '0.0.0.0') env[key] = '127.0.0.1';
  for (const key of ['DISCORD_PROXY_PORT', 'SLACK_PORT', 'HEALTH_PORT'] as const) if (env[key] !== undefined) env[key] = '0';
  return env;
}

/** What compose runs for the service, with `command` replaced when given (`compose run svc deploy-commands`). */
function run(name: string, fakes: Record<string, string>, command?: string[]): Running {
  const service = serviceNamed(name);
  const [, script, ...entryArgs] = dockerEntrypoint();
  const args = [join(REPO, script ?? ''), ...entryArgs, ...(command ?? service.command ?? [])];
  const env = { PATH: process.env.PATH, ...fakes, ...(service.env_file === undefined ? {} : DOTENV), ...localEnvironment(name) };
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const entries: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stderr }).on('line', (line) => {
    try {
      entries.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      entries.push({ msg: line });
    }
    for (const wake of waiters) wake();
  });
  const running: Running = {
    child,
    lines: () => entries,
    logged: (pick) => new Promise((resolvePick, reject) => {
      const look = (): boolean => {
        for (const entry of entries) {
          const value = pick(entry);
          if (value !== undefined) {
            resolvePick(value);
            return true;
          }
        }
        return false;
      };
      if (look()) return;
      const wake = () => { if (look()) waiters.delete(wake); };
      waiters.add(wake);
      child.once('exit', (code) => { reject(new Error(`${name} exited with ${String(code)}: ${JSON.stringify(entries.slice(-3))}`)); });
    }),
  };
  children.push(running);
  return running;
}

const portIn = (message: string) => (entry: Record<string, unknown>): number | undefined => (entry.msg === message && typeof entry.port === 'number' ? entry.port : undefined);


beforeAll(async () => {
  discord = await startDiscordFake({ token: TOKEN, guilds: GUILDS, gateway: { shards: SHARD_COUNT, maxConcurrency: SHARD_COUNT } });
  slack = await startSlackFake({ botToken: DOTENV.SLACK_BOT_TOKEN });
  hf = await startHfServer();
  hf.setSearch('memory', loadFixture(FIXTURES.day0612).slice(0, 3));
  const now = new Date();
  const day = latestCompletePapersDay(now);
  hf.setDay(day, loadFixture(FIXTURES.day0612).map((item) => ({ ...item, paper: { ...item.paper, submittedOnDailyAt: `${day}T00:00:00.000Z` } })));
  database = await createPostgresDatabase();
  const stores = await openPostgresStores(database.url);
  const due = new Date(now.getTime() - 60_000);
  for (const channel of DIGEST) {
    await stores.subscriptions.saveSubscription({
      ...channel, time: due.toISOString().slice(11, 16), timezone: 'UTC', maxPapers: DIGEST_PAPERS, minUpvotes: 0, filter: '', cadence: 'daily', thread: false,
      weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false, consecutiveFailures: 0,
      createdBy: 'compose-test', createdAt: new Date(now.getTime() - 86_400_000).toISOString(), updatedAt: now.toISOString(),
    });
  }
  await stores.close();
  cwd = mkdtempSync(join(tmpdir(), 'paperboy-compose-'));
  cpSync(join(REPO, 'config', 'default.json'), join(cwd, 'config', 'default.json'));

  const proxy = run('discord-proxy', { DISCORD_API_URL: discord.apiUrl });
  proxyUrl = await proxy.logged((entry) => (entry.msg === 'Discord proxy listening' && typeof entry.url === 'string' ? entry.url : undefined));
  deployCommands = exited(run(instanceNames[0] ?? '', { HF_BASE_URL: hf.baseUrl, SLACK_API_URL: slack.apiUrl }, ['deploy-commands']).child);
  await Promise.all(instanceNames.map(async (name) => {
    const running = run(name, { HF_BASE_URL: hf.baseUrl, SLACK_API_URL: slack.apiUrl });
    const [slackPort, healthPort] = await Promise.all([running.logged(portIn('slack app listening')), running.logged(portIn('health endpoint listening'))]);
    instances.set(name, { running, slackPort, healthPort });
  }));
}, 90_000);

afterAll(async () => {
  for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(children.map(({ child }) => exited(child)));
  await Promise.allSettled([discord.stop(), slack.stop(), hf.close()]);
  await database.drop();
  rmSync(cwd, { recursive: true, force: true });
});

describe('deploy/docker-compose.yml', () => {
  it('points every instance at the services the file defines', () => {
    const postgres = serviceNamed('postgres').environment;
    const proxy = serviceNamed('discord-proxy').environment;
    const shards: number[] = [];
    for (const name of instanceNames) {
      const env = serviceNamed(name).environment;
      expect(endpoint(env.DATABASE_URL ?? '')).toEqual({ host: 'postgres', port: '5432', user: postgres.POSTGRES_USER, password: postgres.POSTGRES_PASSWORD, path: `/${postgres.POSTGRES_DB}` });
      expect(endpoint(env.DISCORD_PROXY_URL ?? '')).toMatchObject({ host: 'discord-proxy', port: proxy.DISCORD_PROXY_PORT });
      expect(env.DISCORD_SHARD_COUNT).toBe(String(SHARD_COUNT));
      shards.push(...(env.DISCORD_SHARDS ?? '').split(',').map(Number));
      expect(serviceNamed(name).ports.map((port) => port.split(':')[1])).toEqual([env.SLACK_PORT]);
      expect(serviceNamed(name).healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${env.HEALTH_PORT ?? ''}/healthz`);
    }
    expect(shards.sort()).toEqual(Array.from({ length: SHARD_COUNT }, (_, shard) => shard));
    expect(new Set(instanceNames.flatMap((name) => serviceNamed(name).ports.map((port) => port.split(':')[0]))).size).toBe(instanceNames.length);
  });

  it('brings every instance up healthy by its own healthcheck command, each running its shard through the proxy', async () => {
    // Child processes start slowly on a busy machine, hence the long waits.
    for (const name of instanceNames) {
      const { healthPort } = instances.get(name) ?? { healthPort: 0 };
      const [command, ...args] = (serviceNamed(name).healthcheck?.test.slice(1) ?? []).map((arg) => arg.replaceAll(`127.0.0.1:${serviceNamed(name).environment.HEALTH_PORT ?? ''}`, `127.0.0.1:${healthPort}`));
      await expect.poll(async () => exited(spawn(command === 'node' ? process.execPath : command ?? '', args, { stdio: 'ignore' })), { timeout: 50_000, interval: 500 }).toBe(0);
    }
    expect(discord.sessions().map((session) => session.shard).sort()).toEqual(Array.from({ length: SHARD_COUNT }, (_, shard) => [shard, SHARD_COUNT]));
    expect(discord.requests.every((request) => request.auth === undefined || request.auth === `Bot ${TOKEN}`)).toBe(true);
  }, 60_000);

  it('posts each due digest once, whichever instance claims it', async () => {
    const received = (channel: (typeof DIGEST)[number]) => (channel.platform === 'discord' ? discord.messages(channel.channelId) : slack.messages(channel.channelId)).length;
    await expect.poll(() => DIGEST.map(received), { timeout: 20_000, interval: 200 }).toEqual(DIGEST.map(() => 1 + DIGEST_PAPERS));
    // Time for a second instance's copy to show, if one were coming.
    await new Promise((resolveWait) => setTimeout(resolveWait, 1_500));
    expect(DIGEST.map(received)).toEqual(DIGEST.map(() => 1 + DIGEST_PAPERS));
  }, 30_000);

  it('answers a Discord command in a server of every shard', async () => {
    for (let guild = 0; guild < SHARD_COUNT; guild += 1) {
      const sent = discord.interaction({ name: 'paperboy', subcommand: 'help', guildId: spreadGuildId(guild) });
      await discord.waitForRequest((request) => request.params.token === sent.token && request.route === 'interaction.callback', 10_000);
    }
  });

  it('answers a signed Slack command on every instance port', async () => {
    for (const [name, { slackPort }] of instances) {
      const responseUrl = slack.responseUrl(`compose-${name}`);
      const response = await sendToBolt(slackPort, slashCommand({ command: '/papers', text: 'memory', responseUrl }), { secret: SECRET });
      expect(response.status).toBe(200);
      await slack.waitForResponse(`compose-${name}`, undefined, 10_000);
    }
  });

  it('registers the commands with `compose run <instance> deploy-commands`', async () => {
    expect(await deployCommands).toBe(0);
    expect(discord.commands('global').map((command) => command.name)).toEqual(['papers', 'paperboy', 'Paperboy: paper card']);
  });

  it('stops every service with compose\'s SIGTERM, cleanly (exit 0)', async () => {
    const services = [...instances.values()].map(({ running }) => running.child);
    for (const child of services) child.kill('SIGTERM');
    expect(await Promise.all(services.map(exited))).toEqual(services.map(() => 0));
  });
});
