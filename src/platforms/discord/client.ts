/**
 * The discord.js client with the minimum intents (guilds for channels and commands, guild
 * message reactions for votes), the partials reactions on uncached messages need, and caches
 * bounded so memory stays flat however many servers add the bot.
 */
import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';

/** Messages kept per channel; reactions do not need them (partials), replies rarely do. */
const MESSAGE_CACHE_PER_CHANNEL = 20;
const SWEEP_INTERVAL_SECONDS = 3_600;
const MESSAGE_LIFETIME_SECONDS = 1_800;

export interface DiscordClientOptions {
  /** REST base override, e.g. http://127.0.0.1:PORT/api; the gateway URL then comes from its /gateway/bot. */
  readonly apiUrl?: string | undefined;
  /** REST retries on 5xx and network errors; discord.js default is 3. */
  readonly restRetries?: number;
}

export function createDiscordClient(options: DiscordClientOptions = {}): Client {
  return new Client({
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
