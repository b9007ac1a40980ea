/**
 * A bot process's REST traffic on its own: the discord.js client exactly as Paperboy builds it
 * (createDiscordClient, REST base from discordRestBase), sending one message to each channel
 * at once, with a nonce as the digest poster does. Run as a child process by
 * rest-budget.e2e.test.ts, which starts several, lets them load, then sends each the same stdin
 * line, `{"apiUrl": …}` or `{"proxyUrl": …}`, so they all start sending together. Each line is
 * one round, answered with a JSON summary line; the process ends with its stdin.
 *
 * Environment: SENDER_TOKEN, SENDER_CHANNELS (comma-separated channel ids).
 */
import { createInterface } from 'node:readline';
import { Routes } from 'discord.js';
import { createDiscordClient, discordRestBase } from '../../../../src/platforms/discord/client.js';

const channels = (process.env.SENDER_CHANNELS ?? '').split(',').filter((id) => id !== '');

let round = 0;
for await (const line of createInterface({ input: process.stdin })) {
  round += 1;
  const target = JSON.parse(line) as { apiUrl?: string; proxyUrl?: string };
  const client = createDiscordClient({ apiUrl: discordRestBase(target) });
  client.rest.setToken(process.env.SENDER_TOKEN ?? '');
  // With a nonce, as the digest poster sends: a request that timed out here but reached Discord is not posted twice.
  const results = await Promise.allSettled(channels.map((channel, index) => client.rest.post(Routes.channelMessages(channel), {
    body: { content: `from ${process.pid}`, nonce: `${process.pid}-${round}-${index}`, enforce_nonce: true },
  })));
  const failed = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
  process.stdout.write(`${JSON.stringify({ sent: results.length - failed.length, failed })}\n`);
  await client.destroy();
}
process.exit(0);
