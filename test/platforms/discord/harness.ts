/**
 * Starts the real bot (startPaperboy with the Discord factory, the real discord.js client)
 * against the fake Discord gateway + REST and the fake Hugging Face, with logs captured in
 * memory. `restart()` stops the bot and starts a fresh one on the same database and fakes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../../src/config.js';
import { testConfig } from '../../support/test-config.js';
import type { Clock } from '../../../src/core/ports.js';
import { createLogger } from '../../../src/logger.js';
import { startPaperboy, type Paperboy } from '../../../src/main.js';
import { discordPlatform } from '../../../src/platforms/discord/platform.js';
import { openDatabase } from '../../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../../src/store/sqlite/stores.js';
import {
  PERMISSIONS, startDiscordFake,
  type DiscordFakeOptions, type InteractionOptions, type Json, type RecordedRequest, type SentInteraction,
} from '../../fakes/discord/index.js';
import { startHfServer } from '../../fakes/hf/server.js';
import { FIXTURES, loadFixture } from '../../support/hf-fixtures.js';
import { loadFixturePapers } from '../../support/papers.js';
import { storedVotes } from '../../support/stored-votes.js';

/** Shaped like a real bot token (id.timestamp.hmac) so a leak would be easy to spot. */
export const DISCORD_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAwMQ.GfAkE1.secret-discord-token-value';
export const FIXTURE_DAY = '2026-06-12';
/** 02:00 UTC the next day: 2026-06-12 is the latest complete papers-day. */
export const TODAY_CLOCK: Clock = { now: () => new Date('2026-06-13T02:00:00Z') };
export const EVOARENA = '2606.13681';
export const UPVOTE = '⬆️';

export interface HarnessOptions {
  /** Put the fixture day's papers in the database before the bot starts. */
  readonly seed?: boolean;
  readonly fake?: DiscordFakeOptions;
  readonly configure?: (config: Config) => Config;
}

export interface InteractionResult {
  readonly sent: SentInteraction;
  /** Every callback and webhook request of the interaction, in arrival order. */
  readonly calls: RecordedRequest[];
}

export async function startDiscordHarness(options: HarnessOptions = {}) {
  // `restart()` identifies again at once; Discord's 5 s between IDENTIFYs is the sharding tests' concern.
  const fake = await startDiscordFake({ token: DISCORD_TOKEN, ...options.fake, gateway: { identifyIntervalMs: 0, ...options.fake?.gateway } });
  const hf = await startHfServer();
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-discord-'));
  const databasePath = join(dir, 'paperboy.db');
  const fixture = loadFixture(FIXTURES.day0612);
  hf.setDay(FIXTURE_DAY, fixture);
  hf.setSearch('memory', fixture.filter((item) => item.paper.id === EVOARENA));
  if (options.seed === true) {
    const stores = createSqliteStores(openDatabase(databasePath));
    await stores.papers.upsertPapers(loadFixturePapers());
    await stores.close();
  }

  const base = testConfig({ HF_BASE_URL: hf.baseUrl, DATABASE_PATH: databasePath, LOG_LEVEL: 'debug', DISCORD_TOKEN, DISCORD_API_URL: fake.apiUrl });
  const config = options.configure ? options.configure(base) : base;

  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => { lines.push(line); } } });
  const start = (): Promise<Paperboy> => startPaperboy({ config, logger, cwd: dir, platforms: [discordPlatform], clock: TODAY_CLOCK });

  let paperboy: Paperboy;
  try {
    paperboy = await start();
  } catch (error) {
    await Promise.allSettled([fake.stop(), hf.close()]);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  /** Dispatches an interaction and waits until `done` holds for its requests. */
  async function interact(opts: InteractionOptions, done: (calls: RecordedRequest[]) => boolean): Promise<InteractionResult> {
    const sent = fake.interaction(opts);
    await fake.waitForRequest(() => done(fake.interactionRequests(sent)), 5_000);
    return { sent, calls: fake.interactionRequests(sent) };
  }

  return {
    fake,
    hf,
    config,
    databasePath,
    get paperboy(): Paperboy { return paperboy; },
    logs: (): string => lines.join(''),
    /** Log lines as objects, for asserting on what was logged. */
    logEntries: (): Json[] => lines.map((line) => JSON.parse(line) as Json),
    /** Waits until a log entry matches; reactions answer nothing on REST, so tests watch the log. */
    async waitForLog(match: (entry: Json) => boolean, timeoutMs = 3_000): Promise<Json> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.map((line) => JSON.parse(line) as Json).find(match);
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`no matching log line within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    /** Votes on a paper, read from the database the bot writes. */
    votesFor: (paperId: string): Promise<number> => storedVotes(databasePath, paperId),
    interact,
    /** A chat input command answered with one callback (a reply, no defer). */
    reply: (opts: InteractionOptions) => interact(opts, (calls) => calls.some((call) => call.route === 'interaction.callback')),
    /** A command that defers and then edits its original response. */
    deferred: (opts: InteractionOptions) => interact(opts, (calls) => calls.some((call) => call.route === 'webhook.original.edit')),
    /** `/paperboy <subcommand>` by a member with Manage Channels, unless `permissions` says otherwise. */
    admin(subcommand: string, options: InteractionOptions['options'] = {}, permissions: string = PERMISSIONS.manageChannels) {
      return { name: 'paperboy', subcommand, options, permissions } satisfies InteractionOptions;
    },
    async restart(): Promise<void> {
      await paperboy.stop();
      paperboy = await start();
    },
    async stop(): Promise<void> {
      await paperboy.stop();
      await Promise.allSettled([fake.stop(), hf.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type DiscordHarness = Awaited<ReturnType<typeof startDiscordHarness>>;

/** The JSON body a recorded request carried. */
export const bodyOf = (request: RecordedRequest | undefined): Json => {
  const body = request?.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Json) : {};
};

/** The message data of a callback (`data`) or a webhook edit (the body itself). */
export function messageOf(request: RecordedRequest | undefined): Json {
  const body = bodyOf(request);
  if (request?.route === 'interaction.callback') {
    const data = body.data;
    return typeof data === 'object' && data !== null ? (data as Json) : {};
  }
  return body;
}

export const contentOf = (request: RecordedRequest | undefined): string => {
  const content = messageOf(request).content;
  return typeof content === 'string' ? content : '';
};

export const EPHEMERAL = 64;
