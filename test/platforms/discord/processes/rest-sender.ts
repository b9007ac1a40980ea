/**
 * A bot process's REST traffic on its own: the discord.js client exactly as Paperboy builds it
 * (createDiscordClient, REST base from discordRestBase), sending one message to each channel
 * at once, with a nonce as the digest poster does. Run as a child process by
 * rest-budget.e2e.test.ts, which starts several, lets them load, then sends each the same first
 * stdin line, `{"apiUrl": …}` or `{"proxyUrl": …}`, so they all start sending together. Prints
 * a JSON summary.
 *
 * Environment: SENDER_TOKEN, SENDER_CHANNELS (comma-separated channel ids).
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Routes } from 'discord.js';
import { createDiscordClient, discordRestBase } from '../../../../src/platforms/discord/client.js';

const channels = (process.env.SENDER_CHANNELS ?? '').split(',').filter((id) => id !== '');
const [line] = (await once(createInterface({ input: process.stdin }), 'line')) as [string];
const target = JSON.parse(line) as { apiUrl?: string; proxyUrl?: string };

const client = createDiscordClient({ apiUrl: discordRestBase(target) });
client.rest.setToken(process.env.SENDER_TOKEN ?? '');
// With a nonce, as the digest poster sends: a request that timed out here but reached Discord is not posted twice.
const results = await Promise.allSettled(channels.map((channel, index) => client.rest.post(Routes.channelMessages(channel), {
  body: { content: `from ${process.pid}`, nonce: `${process.pid}-${index}`, enforce_nonce: true },
})));
const failed = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
process.stdout.write(`${JSON.stringify({ sent: results.length - failed.length, failed })}\n`);
await client.destroy();
process.exit(0);
