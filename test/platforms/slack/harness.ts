/**
 * Starts the real bot (startPaperboy with the Slack factory, the real Bolt app on 127.0.0.1
 * port 0) against the fake Slack and the fake Hugging Face, with logs captured in memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../../src/config.js';
import { testConfig } from '../../support/test-config.js';
import type { Clock, Stores } from '../../../src/core/ports.js';
import { createLogger } from '../../../src/logger.js';
import { startPaperboy, type Paperboy } from '../../../src/main.js';
import { isRunningSlackPlatform, slackPlatform } from '../../../src/platforms/slack/platform.js';
import { openDatabase } from '../../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../../src/store/sqlite/stores.js';
import { startHfServer } from '../../fakes/hf/server.js';
import {
  blockAction, botUserIdOf, eventCallback, reactionEvent, sendToBolt, slashCommand, startSlackFake,
  type BlockActionOptions, type BoltResponse, type ReactionEventOptions, type SendToBoltOptions, type SlackFake, type SlackFakeOptions,
} from '../../fakes/slack/index.js';
import { FIXTURES, loadFixture } from '../../support/hf-fixtures.js';
import { loadFixturePapers } from '../../support/papers.js';
import { storedVotes } from '../../support/stored-votes.js';

export const SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test';
export const APP_TOKEN = 'xapp-test';
export const FIXTURE_DAY = '2026-06-12';
/** 02:00 UTC the next day: 2026-06-12 is the latest complete papers-day. */
export const TODAY_CLOCK: Clock = { now: () => new Date('2026-06-13T02:00:00Z') };
export const EVOARENA = '2606.13681';

/** The install flow's settings in the harness (many workspaces instead of SLACK_BOT_TOKEN). */
export const INSTALL_FLOW = {
  clientId: '1111.2222',
  clientSecret: 'client-secret-0123456789abcdef',
  stateSecret: 'state-secret-0123456789abcdef',
  secretKey: 'paperboy-secret-key-0123456789-abcdefghij',
} as const;

export interface HarnessOptions {
  readonly socketMode?: boolean;
  /** Many workspaces through the install flow instead of SLACK_BOT_TOKEN. */
  readonly installFlow?: boolean;
  /** Put the fixture day's papers in the database before the bot starts. */
  readonly seed?: boolean;
  /** Runs against the database and the fake before the bot starts (e.g. a crash's leftovers). */
  readonly prepare?: (stores: Stores, fake: SlackFake) => void | Promise<void>;
  readonly fake?: SlackFakeOptions;
  readonly configure?: (config: Config) => Config;
}

let counter = 0;

export async function startSlackHarness(options: HarnessOptions = {}) {
  const fake = await startSlackFake({
    botToken: BOT_TOKEN, appToken: APP_TOKEN, oauth: { clientId: INSTALL_FLOW.clientId, clientSecret: INSTALL_FLOW.clientSecret }, ...options.fake,
  });
  const hf = await startHfServer();
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-slack-'));
  const databasePath = join(dir, 'paperboy.db');
  hf.setDay(FIXTURE_DAY, loadFixture(FIXTURES.day0612));
  hf.setSearch('memory', loadFixture(FIXTURES.day0612).filter((item) => item.paper.id === EVOARENA));
  if (options.seed === true) {
    const stores = createSqliteStores(openDatabase(databasePath));
    await stores.papers.upsertPapers(loadFixturePapers());
    await stores.close();
  }
  if (options.prepare) {
    const stores = createSqliteStores(openDatabase(databasePath));
    await options.prepare(stores, fake);
    await stores.close();
  }

  const tested = testConfig({
    HF_BASE_URL: hf.baseUrl,
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'debug',
    ...(options.installFlow === true
      ? {
          SLACK_CLIENT_ID: INSTALL_FLOW.clientId,
          SLACK_CLIENT_SECRET: INSTALL_FLOW.clientSecret,
          SLACK_STATE_SECRET: INSTALL_FLOW.stateSecret,
          PAPERBOY_SECRET_KEY: INSTALL_FLOW.secretKey,
        }
      : { SLACK_BOT_TOKEN: BOT_TOKEN }),
    SLACK_API_URL: fake.apiUrl,
    SLACK_HOST: '127.0.0.1',
    SLACK_PORT: '0',
    ...(options.socketMode === true ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SECRET }),
  });
  // Pacing off unless a test turns it on: eleven messages 1.1 s apart would slow every digest test.
  const base: Config = { ...tested, schedule: { ...tested.schedule, slackMinIntervalMs: 0 } };
  const config = options.configure ? options.configure(base) : base;

  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => { lines.push(line); } } });
  async function start() {
    const paperboy = await startPaperboy({ config, logger, cwd: dir, platforms: [slackPlatform], clock: TODAY_CLOCK });
    const slack = paperboy.platforms.find(isRunningSlackPlatform);
    if (slack === undefined) throw new Error('the Slack platform did not start');
    // Where Slack sends the browser back after the consent page (the app's redirect URL).
    fake.oauth.setRedirectUri(`http://127.0.0.1:${slack.port ?? 0}/slack/oauth_redirect`);
    return { paperboy, slack, port: slack.port ?? 0 };
  }
  let running: Awaited<ReturnType<typeof start>>;
  try {
    running = await start();
  } catch (error) {
    await Promise.allSettled([fake.stop(), hf.close()]);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const send = (request: Parameters<typeof sendToBolt>[1], extra: Partial<SendToBoltOptions> = {}): Promise<BoltResponse> =>
    sendToBolt(running.port, request, { secret: SECRET, ...extra });

  return {
    fake,
    hf,
    get paperboy(): Paperboy { return running.paperboy; },
    get slack() { return running.slack; },
    /** The port Bolt listens on; a restart binds a new one. */
    get port(): number { return running.port; },
    config,
    databasePath,
    logs: (): string => lines.join(''),
    send,
    /** A signed slash command; its response_url sink id is returned with the HTTP answer. */
    async command(command: '/papers' | '/paperboy', text: string, extra: { userId?: string; channelId?: string; teamId?: string; enterpriseId?: string; send?: Partial<SendToBoltOptions> } = {}) {
      counter += 1;
      const id = `r${counter}`;
      const request = slashCommand({
        command, text, responseUrl: fake.responseUrl(id),
        ...(extra.userId === undefined ? {} : { userId: extra.userId }),
        ...(extra.channelId === undefined ? {} : { channelId: extra.channelId }),
        ...(extra.teamId === undefined ? {} : { teamId: extra.teamId }),
        ...(extra.enterpriseId === undefined ? {} : { enterpriseId: extra.enterpriseId }),
      });
      const response = await send(request, extra.send);
      return { id, response, ack: response.body === '' ? undefined : (JSON.parse(response.body) as { text?: string; response_type?: string }) };
    },
    reaction: (reaction: ReactionEventOptions, extra: Partial<SendToBoltOptions> = {}) => send(reactionEvent(reaction), extra),
    /** Slack's `app_uninstalled` (or `tokens_revoked`) for a workspace, after revoking its tokens as Slack does. */
    async removeApp(teamId: string, how: { event?: 'app_uninstalled' | 'tokens_revoked'; enterpriseId?: string; bot?: boolean } = {}) {
      const event = how.event ?? 'app_uninstalled';
      const bot = how.bot ?? true;
      if (bot) fake.oauth.revokeAll(how.enterpriseId ?? teamId);
      const payload = event === 'app_uninstalled'
        ? { type: 'app_uninstalled' }
        : { type: 'tokens_revoked', tokens: bot ? { bot: [botUserIdOf({ teamId, enterpriseId: how.enterpriseId, orgWide: how.enterpriseId !== undefined })] } : { oauth: ['U0001'] } };
      return send(eventCallback(payload, { teamId, ...(how.enterpriseId === undefined ? {} : { enterpriseId: how.enterpriseId }) }));
    },
    async action(action: Omit<BlockActionOptions, 'responseUrl'>) {
      counter += 1;
      const id = `a${counter}`;
      return { id, response: await send(blockAction({ ...action, responseUrl: fake.responseUrl(id) })) };
    },
    /** The text of the response_url answers to `id`, waiting for the first (and `count` in all). */
    async replies(id: string, count = 1) {
      await fake.waitForResponse(id, () => fake.responses(id).length >= count);
      return fake.responses(id).map((r) => r.body);
    },
    /** Stops the bot and starts a fresh one on the same database and fakes. */
    async restart(): Promise<void> {
      await running.paperboy.stop();
      running = await start();
    },
    /** Votes on a paper, read from the database the bot writes. */
    votesFor: (paperId: string): Promise<number> => storedVotes(databasePath, paperId),
    /** Log lines as objects, for asserting on what was logged. */
    logEntries: (): Record<string, unknown>[] => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop(): Promise<void> {
      await running.paperboy.stop();
      await Promise.allSettled([fake.stop(), hf.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type SlackHarness = Awaited<ReturnType<typeof startSlackHarness>>;

/** The `text` of a response_url body, or '' when it has none. */
export const textOf = (body: Record<string, unknown> | undefined): string => (typeof body?.text === 'string' ? body.text : '');
