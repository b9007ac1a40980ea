/**
 * `/paperboy` as only Discord does it, beside the chat-platform contract (test/contracts/): the
 * Administrator permission standing in for Manage Channels, every problem of typed options
 * listed at once, timezone autocomplete, help with the search syntax, and interactions this
 * version does not know. Every answer comes in one callback with mentions switched off.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERMISSIONS, messageErrors } from '../../fakes/discord/index.js';
import { EPHEMERAL, bodyOf, contentOf, messageOf, startDiscordHarness, type DiscordHarness } from './harness.js';

let h: DiscordHarness;
beforeEach(async () => {
  h = await startDiscordHarness();
});
afterEach(async () => {
  await h.stop();
});

/** Runs a /paperboy subcommand answered with one reply and returns that reply. */
async function paperboy(subcommand: string, options: Record<string, string | number | boolean> = {}, permissions: string = PERMISSIONS.manageChannels) {
  const { calls } = await h.reply(h.admin(subcommand, options, permissions));
  expect(calls).toHaveLength(1);
  const [callback] = calls;
  expect(callback?.status).toBe(204);
  expect(bodyOf(callback).type).toBe(4);
  expect(messageErrors(messageOf(callback))).toBeUndefined();
  expect(messageOf(callback).allowed_mentions).toEqual({ parse: [] });
  return { content: contentOf(callback), ephemeral: ((messageOf(callback).flags as number | undefined ?? 0) & EPHEMERAL) !== 0 };
}

describe('/paperboy subscribe', () => {
  it('lets an administrator without the Manage Channels bit subscribe', async () => {
    const reply = await paperboy('subscribe', {}, PERMISSIONS.admin);
    expect(reply.content).toContain('This channel is now subscribed');
  });

  it('lists every problem with the input ephemerally and saves nothing', async () => {
    const reply = await paperboy('subscribe', { time: '25:99', timezone: 'Mars/Olympus' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('Nothing was changed:');
    expect(reply.content).toContain('time must be HH:MM');
    expect(reply.content).toContain('timezone must be an IANA name');
    expect((await paperboy('settings')).content).toContain('not subscribed');
  });

  it('suggests timezones as the admin types', async () => {
    const { calls } = await h.reply({ type: 4, ...h.admin('subscribe', { timezone: 'berl' }) });
    expect(bodyOf(calls[0])).toEqual({ type: 8, data: { choices: [{ name: 'Europe/Berlin', value: 'Europe/Berlin' }] } });
    const utc = await h.reply({ type: 4, ...h.admin('subscribe', { timezone: 'utc' }) });
    expect((bodyOf(utc.calls[0]).data as { choices: { value: string }[] }).choices[0]?.value).toBe('UTC');
  });
});

describe('/paperboy help', () => {
  it('explains the search syntax in /paperboy help as well', async () => {
    const reply = await paperboy('help', {}, PERMISSIONS.member);
    expect(reply.content).toContain('author:lecun');
  });
});

describe('unknown interactions', () => {
  it('tells the user to redeploy the commands for a command this version does not know', async () => {
    const { calls } = await h.reply({ name: 'summarize' });
    expect(bodyOf(calls[0])).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(contentOf(calls[0])).toContain('paperboy deploy-commands');
  });

  it('tells the user the button is not ours any more', async () => {
    const { calls } = await h.reply({ type: 3, customId: 'something:else' });
    expect(bodyOf(calls[0])).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
  });
});
