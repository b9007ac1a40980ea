/**
 * Discord as a Paperboy platform: logs the client in, wires interactions and reactions to the
 * core use cases, and hands out the digest poster the scheduler uses.
 */
import { Events, Status, type Client, type Interaction, type MessageReaction, type PartialMessageReaction, type PartialUser, type User } from 'discord.js';
import type { DigestPoster } from '../../core/post-digest.js';
import type { Logger } from '../../logger.js';
import type { PlatformDeps, PlatformFactory, RunningPlatform } from '../platform.js';
import { createDiscordClient } from './client.js';
import { createFirstResponses } from './first-responses.js';
import { loggableError } from './errors.js';
import { handleInteraction } from './interactions.js';
import { createDiscordPoster } from './poster.js';
import { handleReaction } from './reactions.js';
import { createSearchSessions } from './search-sessions.js';
import { createTurns } from './turns.js';

/** How long login may take before start() gives up. */
const READY_TIMEOUT_MS = 30_000;
/** How long stop() waits for commands in progress. */
const STOP_GRACE_MS = 10_000;

export interface RunningDiscord extends RunningPlatform {
  readonly client: Client;
  readonly poster: DigestPoster;
}

export function isRunningDiscord(platform: RunningPlatform): platform is RunningDiscord {
  return platform.name === 'discord' && 'client' in platform;
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
  const discordPoster = createDiscordPoster(client, { voteEmoji, logger });
  // Wrapped once: /paperboy today and the scheduler post through the same counted poster.
  const poster = deps.wrapPoster?.(discordPoster) ?? discordPoster;
  const firstResponses = createFirstResponses(client, deps.observeCommand);
  const handlerDeps = {
    useCases: deps.useCases,
    sessions: createSearchSessions(),
    turns: createTurns({ busy: () => firstResponses.waiting() > 0 }),
    defaultPageSize: config.search.pageSize,
    poster,
    voteEmoji,
    logger,
  };

  const inFlight = new Set<Promise<void>>();
  const onInteraction = (interaction: Interaction): void => {
    firstResponses.start(interaction);
    // handleInteraction catches and reports its own errors, so this never rejects.
    const handling = handleInteraction(interaction, handlerDeps).finally(() => {
      firstResponses.finish(interaction.id);
      inFlight.delete(handling);
    });
    inFlight.add(handling);
  };
  const onReaction = (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser, added: boolean): void => {
    try {
      const outcome = handleReaction(reaction, user, added, { useCases: deps.useCases, voteEmoji, botUserId: client.user?.id });
      logger.debug({ messageId: reaction.message.id, user: user.id, added, outcome }, 'reaction handled');
    } catch (error) {
      logger.error({ messageId: reaction.message.id, user: user.id, added, err: loggableError(error) }, 'reaction failed');
    }
  };

  client.on(Events.InteractionCreate, onInteraction);
  client.on(Events.MessageReactionAdd, (reaction, user) => { onReaction(reaction, user, true); });
  client.on(Events.MessageReactionRemove, (reaction, user) => { onReaction(reaction, user, false); });
  client.on(Events.Error, (error) => logger.error({ err: loggableError(error) }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, (shard) => logger.info({ shard }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway resumed'));

  await loginAndWait(client, token, logger);
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'connected to Discord');

  return {
    name: 'discord',
    client,
    poster,
    isConnected: () => client.ws.status === Status.Ready,
    async stop() {
      client.removeAllListeners();
      // Let commands in progress (a /paperboy today mid-digest) finish before disconnecting.
      await settleWithin([...inFlight], STOP_GRACE_MS);
      await client.destroy();
    },
  };
}

async function settleWithin(work: readonly Promise<void>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([Promise.allSettled(work), timeout]);
  clearTimeout(timer);
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
    logger.error({ err: loggableError(error) }, 'could not log in to Discord');
    await client.destroy();
    throw error;
  }
}
