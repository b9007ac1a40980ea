/**
 * Discord as a Paperboy platform: `prepare` builds the client and the digest poster, `start`
 * logs in and wires interactions and reactions to the core use cases.
 */
import { Events, type Client, type Interaction, type MessageReaction, type PartialMessageReaction, type PartialUser, type User } from 'discord.js';
import type { Logger } from '../../logger.js';
import { createInFlight } from '../common/in-flight.js';
import { createTurns } from '../common/turns.js';
import type { PlatformContext, PlatformFactory, PlatformStartDeps, PreparedPlatform, RunningPlatform } from '../platform.js';
import { createDiscordClient, discordRestBase } from './client.js';
import { loggableError } from './errors.js';
import { createFirstResponses } from './first-responses.js';
import type { HandlerDeps } from './handler-deps.js';
import { handleInteraction } from './handlers/router.js';
import { createDiscordAlerter } from './alerter.js';
import { createDiscordPoster } from './poster.js';
import { proxyIdentifyThrottler } from './identify-turns.js';
import { handleReaction } from './reactions.js';
import { createSearchSessions } from './search-sessions.js';
import { clientShardOptions, shardReport } from './shards.js';

/** How long login may go without a shard becoming ready before start() gives up. Shards wait
 * their identify turns (5 s per bucket) first, so the whole login may take longer. */
const READY_TIMEOUT_MS = 30_000;
/** How long stop() waits for commands in progress. */
export const STOP_GRACE_MS = 10_000;

export interface RunningDiscord extends RunningPlatform {
  readonly name: 'discord';
  /** The logged-in client, for tests that look at the gateway connection. */
  readonly client: Client;
}

export function isRunningDiscord(platform: RunningPlatform): platform is RunningDiscord {
  return platform.name === 'discord' && 'client' in platform;
}

export function discordMissing(config: PlatformContext['config']): string | undefined {
  return config.discord.token === undefined ? 'DISCORD_TOKEN is not set' : undefined;
}

function prepareDiscord(context: PlatformContext): PreparedPlatform {
  const { config } = context;
  const logger = context.logger.child({ module: 'discord' });
  const token = config.discord.token;
  if (token === undefined) throw new Error('DISCORD_TOKEN is not set');
  const { proxyUrl } = config.discord;
  const client = createDiscordClient({
    apiUrl: discordRestBase(config.discord),
    sharding: clientShardOptions(config.discord),
    identifyThrottler: proxyUrl === undefined ? undefined : (maxConcurrency) => proxyIdentifyThrottler({ proxyUrl, token, maxConcurrency, logger }),
  });
  const voteEmoji = config.votes.discordEmoji;
  return {
    name: 'discord',
    // One global budget per bot token, whatever the server (discord.js paces it).
    rateLimits: 'per-bot',
    poster: createDiscordPoster(client, { voteEmoji, logger }),
    alerter: createDiscordAlerter(client, { logger }),
    start: (deps) => startDiscord({ client, token, logger, voteEmoji, pageSize: config.search.pageSize }, deps),
  };
}

async function startDiscord(
  setup: { client: Client; token: string; logger: Logger; voteEmoji: string; pageSize: number },
  deps: PlatformStartDeps,
): Promise<RunningDiscord> {
  const { client, logger, voteEmoji } = setup;
  const firstResponses = createFirstResponses(client, deps.observeCommand);
  const handlerDeps: HandlerDeps = {
    useCases: deps.useCases,
    logger,
    sessions: createSearchSessions(),
    turns: createTurns({ busy: () => firstResponses.waiting() > 0 }),
    pageSize: setup.pageSize,
    voteEmoji,
    onThrottled: () => deps.observeThrottled?.('discord'),
  };

  const inFlight = createInFlight();
  const onInteraction = (interaction: Interaction): void => {
    firstResponses.start(interaction);
    // handleInteraction catches and reports its own errors, so this never rejects.
    void inFlight.run(() => handleInteraction(interaction, handlerDeps).finally(() => {
      firstResponses.finish(interaction.id);
    }));
  };
  const onReaction = (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser, added: boolean): void => {
    void inFlight.run(async () => {
      try {
        const outcome = await handleReaction(reaction, user, added, { useCases: deps.useCases, voteEmoji, botUserId: client.user?.id });
        logger.debug({ messageId: reaction.message.id, user: user.id, added, outcome }, 'reaction handled');
      } catch (error) {
        logger.error({ messageId: reaction.message.id, user: user.id, added, err: loggableError(error) }, 'reaction failed');
      }
    });
  };

  client.on(Events.InteractionCreate, onInteraction);
  client.on(Events.MessageReactionAdd, (reaction, user) => { onReaction(reaction, user, true); });
  client.on(Events.MessageReactionRemove, (reaction, user) => { onReaction(reaction, user, false); });
  client.on(Events.Error, (error) => logger.error({ err: loggableError(error) }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardReady, (shard) => logger.info({ shard }, 'gateway shard ready'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, (shard) => logger.info({ shard }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway resumed'));

  await loginAndWait(client, setup.token, logger);
  const { count, shards } = shardReport(client);
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size, shardCount: count, shards: shards.map((shard) => shard.id) }, 'connected to Discord');

  return {
    name: 'discord',
    client,
    // Every shard this instance runs: a guild whose shard is down gets no answers from anyone.
    isConnected: () => {
      const report = shardReport(client);
      return report.shards.length > 0 && report.shards.every((shard) => shard.connected);
    },
    shards: () => shardReport(client),
    async stop() {
      client.removeAllListeners();
      // Let commands in progress (a /paperboy today mid-digest) finish before disconnecting.
      if (!(await inFlight.drain(STOP_GRACE_MS))) logger.warn({ running: inFlight.size }, 'stopped with discord work still running');
      await client.destroy();
    },
  };
}

async function loginAndWait(client: Client, token: string, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let progress = (): void => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    progress = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        reject(new Error(`Discord did not become ready: no shard got ready within ${READY_TIMEOUT_MS / 1000} s`));
      }, READY_TIMEOUT_MS);
    };
    progress();
    client.once(Events.ClientReady, () => {
      resolve();
    });
  });
  const onShardReady = (): void => { progress(); };
  client.on(Events.ShardReady, onShardReady);
  // A failed login must not leave the timer to reject later with nobody listening.
  ready.catch(() => undefined);
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    logger.error({ err: loggableError(error) }, 'could not log in to Discord');
    await client.destroy();
    throw error;
  } finally {
    client.off(Events.ShardReady, onShardReady);
    clearTimeout(timer);
  }
}

export const discordPlatform: PlatformFactory = {
  name: 'discord',
  missing: discordMissing,
  prepare: prepareDiscord,
};
