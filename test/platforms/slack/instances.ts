/**
 * Several Paperboy instances of one Slack app in the test process, each the real startPaperboy
 * with the real Bolt app and its own PostgreSQL connections, against one fake Slack, one fake
 * Hugging Face and one PostgreSQL database (a fresh one of the run's throwaway cluster). In HTTP
 * mode every instance listens on its own port with the same signing secret, as behind a load
 * balancer; in Socket Mode each opens its own connection with the same app token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../src/logger.js';
import { openStoresFromConfig, startPaperboy, type Paperboy } from '../../../src/main.js';
import { isRunningSlackPlatform, slackPlatform } from '../../../src/platforms/slack/platform.js';
import { startHfServer, type HfServer } from '../../fakes/hf/server.js';
import { sendToBolt, slashCommand, startSlackFake, type BoltRequest, type BoltResponse, type SendToBoltOptions, type SlackFake } from '../../fakes/slack/index.js';
import { FIXTURES, loadFixture } from '../../support/hf-fixtures.js';
import { loadFixturePapers } from '../../support/papers.js';
import { createPostgresDatabase, type PostgresTestDatabase } from '../../support/postgres/databases.js';
import { testConfig } from '../../support/test-config.js';
import { APP_TOKEN, BOT_TOKEN, EVOARENA, FIXTURE_DAY, SECRET, TODAY_CLOCK } from './harness.js';

export interface SlackInstance {
  readonly name: string;
  readonly paperboy: Paperboy;
  /** Bolt's HTTP port; undefined in Socket Mode. */
  readonly port: number | undefined;
  /** Sends a signed request to this instance (signed at `options.ts`, a retry with `retryNum`). */
  send(request: BoltRequest, options?: Omit<SendToBoltOptions, 'secret'>): Promise<BoltResponse>;
  /** A signed slash command to this instance; resolves with its response_url sink id. */
  command(command: '/papers' | '/paperboy', text: string, userId?: string): Promise<{ id: string; response: BoltResponse }>;
}

export interface SlackInstances {
  readonly fake: SlackFake;
  readonly hf: HfServer;
  readonly database: PostgresTestDatabase;
  readonly instances: readonly SlackInstance[];
  /** The response_url answers to `id`, waiting for `count` of them. */
  replies(id: string, count?: number): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startSlackInstances(count: number, mode: 'http' | 'socket'): Promise<SlackInstances> {
  const fake = await startSlackFake({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  const hf = await startHfServer();
  hf.setDay(FIXTURE_DAY, loadFixture(FIXTURES.day0612));
  hf.setSearch('memory', loadFixture(FIXTURES.day0612).filter((item) => item.paper.id === EVOARENA));
  const database = await createPostgresDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-slack-instances-'));
  const config = testConfig({
    HF_BASE_URL: hf.baseUrl,
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '3',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: fake.apiUrl,
    SLACK_HOST: '127.0.0.1',
    SLACK_PORT: '0',
    ...(mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SECRET }),
  });
  const seeded = await openStoresFromConfig(config, dir);
  await seeded.papers.upsertPapers(loadFixturePapers());
  await seeded.close();

  const running: Paperboy[] = [];
  const stop = async (): Promise<void> => {
    await Promise.allSettled(running.map((paperboy) => paperboy.stop()));
    await Promise.allSettled([fake.stop(), hf.close()]);
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const instances: SlackInstance[] = [];
    for (let index = 0; index < count; index += 1) {
      const paperboy = await startPaperboy({
        config: { ...config, schedule: { ...config.schedule, slackMinIntervalMs: 0 } }, logger: silentLogger(), cwd: dir, platforms: [slackPlatform], clock: TODAY_CLOCK,
      });
      running.push(paperboy);
      const port = paperboy.platforms.find(isRunningSlackPlatform)?.port;
      const send = (request: BoltRequest, options: Omit<SendToBoltOptions, 'secret'> = {}): Promise<BoltResponse> => {
        if (port === undefined) throw new Error('a Socket Mode instance takes no HTTP requests');
        return sendToBolt(port, request, { ...options, secret: SECRET });
      };
      instances.push({
        name: String.fromCharCode(65 + index),
        paperboy,
        port,
        send,
        async command(command, text, userId) {
          counter += 1;
          const id = `lb${counter}`;
          const response = await send(slashCommand({ command, text, responseUrl: fake.responseUrl(id), ...(userId === undefined ? {} : { userId }) }));
          return { id, response };
        },
      });
    }
    return {
      fake, hf, database, instances, stop,
      async replies(id, replyCount = 1) {
        await fake.waitForResponse(id, () => fake.responses(id).length >= replyCount);
        return fake.responses(id).map((response) => response.body);
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
