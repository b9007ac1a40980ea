/**
 * Fair use on both platforms against the real bot: past a user's burst, every command is
 * answered with "slow down, try again in N s" and runs nothing (no search reaches Hugging
 * Face), while other users go on as before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { FAKE_CHANNEL_ID } from '../fakes/discord/index.js';
import { contentOf, EPHEMERAL, messageOf, startDiscordHarness, type DiscordHarness } from './discord/harness.js';
import { startSlackHarness, textOf, type SlackHarness } from './slack/harness.js';

const strict = (config: Config): Config => ({ ...config, limits: { ...config.limits, commandBurst: 3, commandsPerMinute: 6 } });
const searchesAtHf = (requests: readonly { url: string }[]) => requests.filter((request) => request.url.includes('/api/papers/search')).length;

let discord: DiscordHarness | undefined;
let slack: SlackHarness | undefined;
afterEach(async () => {
  await discord?.stop();
  await slack?.stop();
  discord = undefined;
  slack = undefined;
});

describe('fair use', () => {
  it('tells a Discord user past the burst to slow down, ephemerally, and runs nothing', async () => {
    discord = await startDiscordHarness({ seed: true, configure: strict });
    const h = discord;
    for (let i = 0; i < 3; i++) await h.deferred({ name: 'papers', options: { query: `memory ${i}` }, userId: '400000000000000001' });
    const before = searchesAtHf(h.hf.requests);
    const { calls } = await h.reply({ name: 'papers', options: { query: 'memory again' }, userId: '400000000000000001' });
    expect(contentOf(calls[0])).toMatch(/^Slow down: .* Try again in 10 s\.$/u);
    expect(messageOf(calls[0]).flags).toBe(EPHEMERAL);
    expect(searchesAtHf(h.hf.requests)).toBe(before);
    const other = await h.deferred({ name: 'papers', options: { query: 'memory' }, userId: '400000000000000002' });
    expect(contentOf(other.calls.at(-1))).toContain('Results for "memory"');
    expect(h.paperboy.metrics.registry.render()).toContain('paperboy_commands_throttled_total{platform="discord"} 1');
  });

  it('tells a Slack user past the burst to slow down in the ack itself, and runs nothing', async () => {
    slack = await startSlackHarness({ seed: true, configure: strict });
    const h = slack;
    for (let i = 0; i < 3; i++) await h.replies((await h.command('/papers', `memory ${i}`, { userId: 'U0FLOOD' })).id);
    const before = searchesAtHf(h.hf.requests);
    const refused = await h.command('/paperboy', 'settings', { userId: 'U0FLOOD' });
    expect(refused.ack?.response_type).toBe('ephemeral');
    expect(refused.ack?.text).toMatch(/^Slow down: .* Try again in 10 s\.$/u);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.fake.responses(refused.id)).toHaveLength(0);
    expect(searchesAtHf(h.hf.requests)).toBe(before);
    const other = await h.command('/papers', 'memory', { userId: 'U0OTHER' });
    expect(textOf((await h.replies(other.id))[0])).not.toContain('Slow down');
  });

  it('limits follows and the "Paperboy: paper card" message command on Discord like any other command', async () => {
    discord = await startDiscordHarness({ seed: true, configure: strict });
    const h = discord;
    const user = '400000000000000003';
    for (let i = 0; i < 3; i++) await h.deferred({ name: 'papers', options: { query: `memory ${i}` }, userId: user });
    const posted = h.fake.messages().length;
    const follow = await h.reply({ name: 'paperboy', subcommand: 'follow', options: { query: 'org:nvidia' }, userId: user });
    expect(contentOf(follow.calls[0])).toMatch(/^Slow down: /u);
    const message = h.fake.addMessage(FAKE_CHANNEL_ID, { content: 'see https://arxiv.org/abs/2606.13392' });
    const card = await h.reply({ targetMessageId: String(message.id), userId: user, channelId: FAKE_CHANNEL_ID });
    expect(contentOf(card.calls[0])).toMatch(/^Slow down: /u);
    expect(messageOf(card.calls[0]).flags).toBe(EPHEMERAL);
    // No card was posted: the only new message is the one the command was used on.
    expect(h.fake.messages().length).toBe(posted + 1);
    expect(h.paperboy.metrics.registry.render()).toContain('paperboy_commands_throttled_total{platform="discord"} 2');
  });

  it('limits the Share button on Slack like the other buttons', async () => {
    slack = await startSlackHarness({ seed: true, configure: strict });
    const h = slack;
    for (let i = 0; i < 3; i++) await h.replies((await h.command('/papers', `memory ${i}`, { userId: 'U0FLOOD' })).id);
    const posted = h.fake.messages().length;
    const { id, response } = await h.action({ actionId: 'paper_share', value: '2606.13392', userId: 'U0FLOOD' });
    expect(response.status).toBe(200);
    const [answer] = await h.replies(id);
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(answer)).toMatch(/^Slow down: /u);
    expect(h.fake.messages().length).toBe(posted);
  });
});
