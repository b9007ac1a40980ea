/** `paperboy discord-proxy`: the shared Discord REST limiter and identify queue, run until SIGINT or SIGTERM. */
import { startDiscordProxy } from '../platforms/discord/rest-proxy.js';
import { parseCommandArgs } from './args.js';
import { writeLine, type CliIo } from './io.js';
import { loadRuntime } from './runtime.js';
import { listenForStop } from './signals.js';

export const DISCORD_PROXY_HELP = `Usage: paperboy discord-proxy

Runs the one process every Paperboy instance of a bot sends Discord REST requests through,
so that together they stay within the bot token's global limit (50 requests/s), and shards
on different instances take turns to connect. Run one per bot token; point each instance
at it with DISCORD_PROXY_URL. It holds no token: instances send their own.

Settings (environment or .env):
  DISCORD_PROXY_HOST                 address to listen on (default 127.0.0.1; use a private
                                     interface when instances run on other machines)
  DISCORD_PROXY_PORT                 port (default 8080)
  DISCORD_PROXY_REQUESTS_PER_SECOND  the budget for all instances together, sent evenly
                                     spaced (default 48: Discord allows 50, two are
                                     kept for network jitter)
  DISCORD_API_URL                    where Discord is (default Discord itself)`;

export async function runDiscordProxy(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('discord-proxy', argv, { help: { type: 'boolean', short: 'h' } }, false);
  if (values.help) {
    writeLine(io.stdout, DISCORD_PROXY_HELP);
    return 0;
  }
  const { config, logger } = loadRuntime(io);
  const stop = listenForStop();
  const settings = config.discord.proxy;
  let proxy;
  try {
    proxy = await startDiscordProxy({ ...settings, upstream: config.discord.apiUrl, logger: logger.child({ module: 'discord-proxy' }) });
  } catch (error) {
    stop.dispose();
    throw error;
  }
  logger.info({ url: proxy.url, requestsPerSecond: settings.requestsPerSecond }, 'Discord proxy listening');
  await stop.requested;
  logger.info('shutting down');
  await proxy.close();
  return 0;
}
