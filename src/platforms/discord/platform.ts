/**
 * Discord as a Paperboy platform: logs the client in, wires interactions and reactions to the
 * core use cases, and hands out the digest poster the scheduler uses.
 */
import { Events, type Client } from 'discord.js';
import type { DigestPoster } from '../../core/post-digest.js';
import type { Logger } from '../../logger.js';
import type { PlatformDeps, PlatformFactory, RunningPlatform } from '../platform.js';
import { createDiscordClient } from './client.js';
import { handleInteraction } from './interactions.js';
import { createDiscordPoster } from './poster.js';
import { handleReaction } from './reactions.js';
import { createSearchSessions } from './search-sessions.js';

/** How long login may take before start() gives up. */
const READY_TIMEOUT_MS = 30_000;

export interface RunningDiscord extends RunningPlatform {
  readonly client: Client;
  readonly poster: DigestPoster;
}

export const discordPlatform: PlatformFactory = {
  name: 'discord',
  missing: (config) => (config.discord.token === undefined ? 'DISCORD_TOKEN is not set' : undefined),
  start: startDiscord,
};

export async function startDiscord(deps: PlatformDeps): Promise<RunningDiscord> {
  const { config } = deps;
  const logger = deps.logger.child({ module: 'discord' });
  const token = config.discord.token;
  if (token === undefined) throw new Error('DISCORD_TOKEN is not set');

  const client = createDiscordClient({ apiUrl: config.discord.apiUrl });
  const voteEmoji = config.votes.discordEmoji;
  const poster = createDiscordPoster(client, { voteEmoji, logger });
  const handlerDeps = {
    useCases: deps.useCases,
    sessions: createSearchSessions(),
    defaultPageSize: config.search.pageSize,
    poster,
    voteEmoji,
    logger,
  };

  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, handlerDeps));
  client.on(Events.MessageReactionAdd, (reaction, user) => onReaction(() => handleReaction(reaction, user, true, { ...handlerDeps, botUserId: client.user?.id }), logger));
  client.on(Events.MessageReactionRemove, (reaction, user) => onReaction(() => handleReaction(reaction, user, false, { ...handlerDeps, botUserId: client.user?.id }), logger));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ shard, code: event.code }, 'gateway disconnected'));

  await loginAndWait(client, token, logger);
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'connected to Discord');

  return {
    name: 'discord',
    client,
    poster,
    async stop() {
      client.removeAllListeners();
      await client.destroy();
    },
  };
}

function onReaction(work: () => unknown, logger: Logger): void {
  try {
    const outcome = work();
    logger.debug({ outcome }, 'reaction handled');
  } catch (error) {
    logger.error({ err: error }, 'reaction failed');
  }
}

async function loginAndWait(client: Client, token: string, logger: Logger): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`Discord did not become ready within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    logger.error({ err: error }, 'could not log in to Discord');
    await client.destroy();
    throw error;
  }
}
