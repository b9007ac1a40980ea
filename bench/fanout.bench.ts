/**
 * Fan-out: 300 Discord and 300 Slack channels, 10 papers each plus a header, delivered by one
 * instance in this process (the real scheduler, discord.js and Bolt on SQLite) against the
 * loopback fakes (fanout-world.ts). Compares the total time with the lower bound the fakes'
 * rate limits allow. scale-out.bench.ts runs the same digest on several processes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { startPaperboy } from '../src/main.js';
import { discordPlatform } from '../src/platforms/discord/platform.js';
import { slackPlatform } from '../src/platforms/slack/platform.js';
import { openDatabase } from '../src/store/sqlite/database.js';
import { createSqliteStores } from '../src/store/sqlite/stores.js';
import { CHANNELS, DISCORD_TOKEN, FANOUT_COLUMNS, PAPERS, SLACK_TOKEN, startFanoutWorld } from './fanout-world.js';
import type { BenchTable } from './table.js';

export default async function fanout(): Promise<BenchTable[]> {
  const world = await startFanoutWorld();
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-fanout-'));
  const databasePath = join(dir, 'paperboy.db');
  const stores = createSqliteStores(openDatabase(databasePath));
  await world.subscribe(stores);
  await stores.close();

  const loaded = loadConfig({
    configDir: resolve(import.meta.dirname, '../config'),
    env: {
      HF_BASE_URL: world.hf.baseUrl, DATABASE_PATH: databasePath, DISCORD_TOKEN, DISCORD_API_URL: world.discord.apiUrl,
      SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_SIGNING_SECRET: 'bench-secret', SLACK_API_URL: world.slack.apiUrl, SLACK_HOST: '127.0.0.1', SLACK_PORT: '0',
    },
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const config = { ...loaded.config, schedule: { ...loaded.config.schedule, channelConcurrency: 2 * CHANNELS, slackMinIntervalMs: 1000 } };

  const started = Date.now();
  const bot = await startPaperboy({ config, logger: silentLogger(), cwd: dir, platforms: [discordPlatform, slackPlatform] });
  const finished = await world.waitUntilDelivered(started);
  await bot.stop();
  const rows = world.rows('one process, SQLite', started, finished);
  await world.stop();

  const ratio = Number(rows[2]?.[5]);
  return [
    {
      title: `Fan-out: ${CHANNELS} Discord + ${CHANNELS} Slack channels × (${PAPERS} papers + header)`,
      columns: FANOUT_COLUMNS,
      rows,
      notes: [
        ...world.notes,
        `Goal: ratio at most 1.15, zero duplicates, zero misses. Measured overall ratio ${ratio.toFixed(2)}: ${ratio <= 1.15 ? 'met' : 'NOT met'}.`,
      ],
    },
  ];
}
