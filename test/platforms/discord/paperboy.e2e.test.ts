/**
 * `/paperboy subscribe|unsubscribe|settings|top|help` through the real discord.js client:
 * Manage Channels checked on the interaction, answers in one callback, ephemeral where they
 * concern only the caller, every message with mentions switched off.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_SECOND_CHANNEL_ID, PERMISSIONS, messageErrors } from '../../fakes/discord/index.js';
import { EPHEMERAL, bodyOf, contentOf, messageOf, startDiscordHarness, type DiscordHarness } from './harness.js';

let h: DiscordHarness;
beforeEach(async () => {
  h = await startDiscordHarness();
});
afterEach(async () => {
  await h.stop();
});

/** Runs a /paperboy subcommand answered with one reply and returns that reply. */
async function paperboy(subcommand: string, options: Record<string, string | number | boolean> = {}, permissions: string = PERMISSIONS.manageChannels, channelId?: string) {
  const { calls } = await h.reply({ ...h.admin(subcommand, options, permissions), ...(channelId === undefined ? {} : { channelId }) });
  expect(calls).toHaveLength(1);
  const [callback] = calls;
  expect(callback?.status).toBe(204);
  expect(bodyOf(callback).type).toBe(4);
  expect(messageErrors(messageOf(callback))).toBeUndefined();
  expect(messageOf(callback).allowed_mentions).toEqual({ parse: [] });
  return { content: contentOf(callback), ephemeral: ((messageOf(callback).flags as number | undefined ?? 0) & EPHEMERAL) !== 0 };
}

describe('/paperboy subscribe', () => {
  it('subscribes the channel for a member with Manage Channels, with every option', async () => {
    const reply = await paperboy('subscribe', {
      time: '07:30', timezone: 'Europe/Berlin', max_papers: 5, min_upvotes: 3, keywords: 'memory, agents', thread: true,
    });
    expect(reply.ephemeral).toBe(false);
    expect(reply.content).toContain('This channel is now subscribed to Hugging Face Daily Papers.');
    expect(reply.content).toContain('**07:30 Europe/Berlin**');
    expect(reply.content).toContain('up to 5, with at least 3 Hugging Face upvotes');
    expect(reply.content).toContain('`memory`, `agents`');
    expect(reply.content).toContain('papers in a thread under the header');

    const settings = await paperboy('settings', {}, PERMISSIONS.member);
    expect(settings.ephemeral).toBe(true);
    expect(settings.content).toContain('**07:30 Europe/Berlin**');
  });

  it('refuses a member without Manage Channels and changes nothing', async () => {
    const reply = await paperboy('subscribe', { time: '07:30' }, PERMISSIONS.member);
    expect(reply).toEqual({
      ephemeral: true,
      content: 'You need the **Manage Channels** permission in this channel to change what Paperboy posts here.',
    });
    expect((await paperboy('settings')).content).toContain('This channel is not subscribed.');
  });

  it('lets an administrator without the Manage Channels bit subscribe', async () => {
    const reply = await paperboy('subscribe', {}, PERMISSIONS.admin);
    expect(reply.content).toContain('This channel is now subscribed');
  });

  it('updates an existing subscription and keeps channels apart', async () => {
    await paperboy('subscribe', { max_papers: 5 });
    const updated = await paperboy('subscribe', { max_papers: 8 });
    expect(updated.content).toContain('Subscription updated.');
    expect(updated.content).toContain('up to 8');
    expect((await paperboy('settings', {}, PERMISSIONS.member, FAKE_SECOND_CHANNEL_ID)).content).toContain('not subscribed');
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

describe('/paperboy unsubscribe', () => {
  it('removes the subscription, and says so when there is none', async () => {
    await paperboy('subscribe');
    expect((await paperboy('unsubscribe')).content).toContain('Unsubscribed');
    expect((await paperboy('unsubscribe')).content).toBe('This channel is not subscribed, so there was nothing to remove.');
  });

  it('refuses a member without Manage Channels', async () => {
    await paperboy('subscribe');
    expect((await paperboy('unsubscribe', {}, PERMISSIONS.member)).content).toContain('Manage Channels');
    expect((await paperboy('settings')).content).toContain('Daily digest settings for this channel');
  });
});

describe('/paperboy top and help', () => {
  it('answers top in the channel for any member, defaulting to the last week', async () => {
    const reply = await paperboy('top', {}, PERMISSIONS.member);
    expect(reply).toEqual({ ephemeral: false, content: 'No votes of the last week yet. React to a paper post to upvote it.' });
    expect((await paperboy('top', { period: 'all' }, PERMISSIONS.member)).content).toContain('of all time');
  });

  it('explains commands, search syntax and voting, ephemerally', async () => {
    const reply = await paperboy('help', {}, PERMISSIONS.member);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('/paperboy subscribe');
    expect(reply.content).toContain('author:lecun');
    expect(reply.content).toContain('React with ⬆️');
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

describe('/paperboy days, empty_note and status', () => {
  it('subscribes on chosen weekdays with the empty-day note, and reports status to anyone', async () => {
    const reply = await paperboy('subscribe', { time: '08:00', timezone: 'UTC', days: 'mon-fri', empty_note: true });
    expect(reply.content).toContain('**08:00 UTC**, Mon, Tue, Wed, Thu, Fri');
    expect(reply.content).toContain('"no papers today" note');
    const status = await paperboy('status', {}, PERMISSIONS.member);
    expect(status.ephemeral).toBe(true);
    expect(status.content).toContain('**Paperboy status for this channel**');
    expect(status.content).toContain('Active: 08:00 UTC');
    expect(status.content).toMatch(/Next run: \d{4}-\d{2}-\d{2} 08:00 UTC/u);
    expect(status.content).toContain('Last run: none yet');
  });

  it('refuses days it cannot read, naming the accepted forms', async () => {
    const reply = await paperboy('subscribe', { days: 'someday' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('days must be daily, weekdays, weekends, a range such as mon-fri');
    expect((await paperboy('settings')).content).toContain('This channel is not subscribed.');
  });

  it('says so when an unsubscribed channel asks for its status', async () => {
    expect((await paperboy('status', {}, PERMISSIONS.member)).content).toContain('This channel is not subscribed.');
  });
});
