/**
 * The discord.js client with the minimum intents (guilds for channels and commands, guild
 * message reactions for votes), the partials reactions on uncached messages need, and caches
 * bounded so memory stays flat however many servers add the bot.
 */
import { Client, GatewayIntentBits, Options, Partials, type ClientOptions, type IIdentifyThrottler } from 'discord.js';
import type { Config } from '../../config.js';

/** Messages kept per channel; reactions do not need them (partials), replies rarely do. */
const MESSAGE_CACHE_PER_CHANNEL = 20;
const SWEEP_INTERVAL_SECONDS = 3_600;
const MESSAGE_LIFETIME_SECONDS = 1_800;

export interface DiscordClientOptions {
  /** REST base override, e.g. http://127.0.0.1:PORT/api; the gateway URL then comes from its /gateway/bot. */
  readonly apiUrl?: string | undefined;
  /** REST retries on 5xx and network errors; discord.js default is 3. */
  readonly restRetries?: number;
  /** Which shards to run (shards.ts); default one shard. */
  readonly sharding?: Pick<ClientOptions, 'shards' | 'shardCount'>;
  /** IDENTIFY turns from elsewhere (the shared proxy) instead of this process's own throttler. */
  readonly identifyThrottler?: ((maxConcurrency: number) => IIdentifyThrottler) | undefined;
}

/** Where the bot's REST goes: through the shared proxy when there is one, else DISCORD_API_URL (or Discord). */
export function discordRestBase(discord: Pick<Config['discord'], 'apiUrl' | 'proxyUrl'>): string | undefined {
  return discord.proxyUrl === undefined ? discord.apiUrl : `${discord.proxyUrl.replace(/\/+$/u, '')}/api`;
}

export function createDiscordClient(options: DiscordClientOptions = {}): Client {
  const buildThrottler = options.identifyThrottler;
  return new Client({
    ...options.sharding,
    ...(buildThrottler === undefined ? {} : {
      ws: {
        buildIdentifyThrottler: async (manager) => buildThrottler((await manager.fetchGatewayInformation()).session_start_limit.max_concurrency),
      },
    }),
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: MESSAGE_CACHE_PER_CHANNEL,
      ReactionManager: 0,
      ReactionUserManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
      PresenceManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      VoiceStateManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      ThreadMemberManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      messages: { interval: SWEEP_INTERVAL_SECONDS, lifetime: MESSAGE_LIFETIME_SECONDS },
    },
    allowedMentions: { parse: [] },
    rest: {
      ...(options.apiUrl === undefined ? {} : { api: options.apiUrl }),
      ...(options.restRetries === undefined ? {} : { retries: options.restRetries }),
    },
  });
}
