/**
 * Several Paperboy instances of one bot in the test process, each the real startPaperboy with
 * the Discord platform and its own environment (shards, proxy), logs and health endpoint,
 * against one fake Discord, one Hugging Face with the fixture day, and one database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../src/logger.js';
import { startPaperboy, type Paperboy } from '../../../src/main.js';
import { discordPlatform } from '../../../src/platforms/discord/platform.js';
import type { DiscordFake, Json } from '../../fakes/discord/index.js';
import { startHfServer, type HfServer } from '../../fakes/hf/server.js';
import { FIXTURES, loadFixture } from '../../support/hf-fixtures.js';
import { testConfig } from '../../support/test-config.js';
import { FIXTURE_DAY, TODAY_CLOCK } from './harness.js';

/** Discord's 5 s between IDENTIFYs of one concurrency bucket, less the jitter the fake forgives. */
export const IDENTIFY_INTERVAL_MS = 4_900;

/** When the fake received each IDENTIFY, in order. */
export const identifyTimes = (fake: DiscordFake): number[] => fake.gatewayFrames().filter((frame) => frame.op === 2).map((frame) => frame.time);

export interface Instance {
  readonly paperboy: Paperboy;
  /** http://127.0.0.1:port of its /healthz and /metrics. */
  readonly healthUrl: string;
  logEntries(): Json[];
}

export interface Instances {
  /** Starts an instance with these environment variables over the shared ones. */
  start(env?: Readonly<Record<string, string>>): Promise<Instance>;
  stop(): Promise<void>;
}

export async function createInstances(fake: DiscordFake, token: string): Promise<Instances> {
  const hf: HfServer = await startHfServer();
  hf.setDay(FIXTURE_DAY, loadFixture(FIXTURES.day0612));
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-instances-'));
  const running: Paperboy[] = [];
  return {
    async start(env = {}) {
      const config = testConfig({
        HF_BASE_URL: hf.baseUrl,
        DATABASE_PATH: join(dir, 'paperboy.db'),
        LOG_LEVEL: 'debug',
        DISCORD_TOKEN: token,
        DISCORD_API_URL: fake.apiUrl,
        HEALTH_PORT: '0',
        HEALTH_HOST: '127.0.0.1',
        ...env,
      });
      const lines: string[] = [];
      const logger = createLogger({ level: 'debug', destination: { write: (line: string) => { lines.push(line); } } });
      const paperboy = await startPaperboy({ config, logger, cwd: dir, platforms: [discordPlatform], clock: TODAY_CLOCK });
      running.push(paperboy);
      return {
        paperboy,
        healthUrl: `http://127.0.0.1:${String(paperboy.healthPort)}`,
        logEntries: () => lines.map((line) => JSON.parse(line) as Json),
      };
    },
    async stop() {
      await Promise.allSettled(running.map((paperboy) => paperboy.stop()));
      await hf.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
