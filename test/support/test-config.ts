/**
 * The bot's configuration for tests and benchmarks: the repository's config/default.json plus
 * the environment a test points at its fakes, with Hugging Face retries off and short timeouts
 * so a fault shows at once instead of after backoff.
 */
import { resolve } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';

const CONFIG_DIR = resolve(import.meta.dirname, '../../config');

export function testConfig(env: Readonly<Record<string, string>>): Config {
  const loaded = loadConfig({ configDir: CONFIG_DIR, env });
  if (!loaded.ok) throw new Error(`test config invalid: ${JSON.stringify(loaded.problems)}`);
  return {
    ...loaded.config,
    huggingFace: { ...loaded.config.huggingFace, retries: 0, timeoutMs: 2_000 },
    search: { ...loaded.config.search, liveBudgetMs: 1_000 },
    // Tests send many commands as one user; the fair-use tests set their own limits.
    limits: { ...loaded.config.limits, commandBurst: 1_000 },
  };
}

/** The environment that points the bot at the fake Hugging Face, Discord and Slack. */
export function fakesEnv(fakes: { hfUrl: string; discordApiUrl: string; slackApiUrl: string; databasePath: string }): Record<string, string> {
  return {
    HF_BASE_URL: fakes.hfUrl, DATABASE_PATH: fakes.databasePath, DISCORD_TOKEN: 'fake-discord-token', DISCORD_API_URL: fakes.discordApiUrl,
    SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'fake-signing-secret', SLACK_API_URL: fakes.slackApiUrl, SLACK_HOST: '127.0.0.1', SLACK_PORT: '0',
  };
}
