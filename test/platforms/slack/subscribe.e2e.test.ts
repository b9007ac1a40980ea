/**
 * `/paperboy subscribe | unsubscribe | settings | help | top` through the real Bolt app:
 * signed slash commands in, acks and response_url answers out, admin rights from users.info.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackHarness, textOf, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness();
});
afterEach(async () => {
  await h.stop();
});


describe('/paperboy subscribe', () => {
  it('subscribes the channel for a workspace admin, acking at once and confirming ephemerally', async () => {
    const { id, response } = await h.command('/paperboy', 'subscribe 08:30 Europe/Berlin max:5 min:3 keywords:agents,"sparse attention" thread', { userId: 'U0ADMIN' });
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    const [reply] = await h.replies(id);
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    expect(textOf(reply)).toContain('This channel is now subscribed');
    expect(textOf(reply)).toContain('08:30 Europe/Berlin');
    expect(textOf(reply)).toContain('up to 5');
    expect(textOf(reply)).toContain('`sparse attention`');
    expect(textOf(reply)).toContain('papers in a thread');
    expect(h.fake.calls('users.info')[0]?.args).toMatchObject({ user: 'U0ADMIN' });

    const settings = await h.command('/paperboy', 'settings');
    expect(textOf((await h.replies(settings.id))[0])).toContain('08:30 Europe/Berlin');
  });

  it('lets an owner update the subscription and keeps unspecified settings', async () => {
    await h.replies((await h.command('/paperboy', 'subscribe 07:00 max:4', { userId: 'U0OWNER' })).id);
    const { id } = await h.command('/paperboy', 'subscribe min:10', { userId: 'U0OWNER' });
    const text = textOf((await h.replies(id))[0]);
    expect(text).toContain('Subscription updated');
    expect(text).toContain('07:00 UTC');
    expect(text).toContain('up to 4, with at least 10');
  });

  it('refuses a member who is not an admin, and changes nothing', async () => {
    const { id } = await h.command('/paperboy', 'subscribe 09:00', { userId: 'U0001' });
    const [reply] = await h.replies(id);
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    expect(textOf(reply)).toMatch(/Only workspace admins and owners/u);
    const settings = await h.command('/paperboy', 'settings');
    expect(textOf((await h.replies(settings.id))[0])).toContain('This channel is not subscribed');
  });

  it.each([
    ['subscribe max:abc', '`max:abc`: Max must be a whole number from 1 to 25, e.g. max:10.'],
    ['subscribe 25:00', '`25:00`: The time must be HH:MM'],
    ['subscribe Mars/Olympus', '`Mars/Olympus`: The timezone must be an IANA name'],
    ['subscribe every-day', '`every-day`: Unknown argument'],
    ['top decade', '`decade`: The period must be one of day, week, month, all.'],
    ['today now', '`now`: Today takes no arguments.'],
  ])('answers %j in the ack with the bad argument and the right form', async (text, expected) => {
    const { response, ack } = await h.command('/paperboy', text, { userId: 'U0ADMIN' });
    expect(response.status).toBe(200);
    expect(ack?.response_type).toBe('ephemeral');
    expect(ack?.text).toContain(expected);
    expect(ack?.text).toMatch(/Usage: `\/paperboy /u);
    expect(h.fake.calls('users.info')).toHaveLength(0);
  });
});

describe('/paperboy status', () => {
  it('shows the schedule, the next run and that nothing ran yet, then says when not subscribed', async () => {
    await h.replies((await h.command('/paperboy', 'subscribe 08:30 Europe/Berlin days:mon-fri note', { userId: 'U0ADMIN' })).id);
    const status = await h.command('/paperboy', 'status');
    const text = textOf((await h.replies(status.id))[0]);
    expect(text).toContain('Paperboy status for this channel');
    expect(text).toContain('Active: 08:30 Europe/Berlin');
    expect(text).toMatch(/Next run: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/u);
    expect(text).toContain('Last run: none yet');
    expect(text).toContain('Last Hugging Face error: none');
    const settings = await h.command('/paperboy', 'settings');
    const settingsText = textOf((await h.replies(settings.id))[0]);
    expect(settingsText).toContain('Mon, Tue, Wed, Thu, Fri');
    expect(settingsText).toContain('"no papers today" note');
    await h.replies((await h.command('/paperboy', 'unsubscribe', { userId: 'U0ADMIN' })).id);
    const after = await h.command('/paperboy', 'status');
    expect(textOf((await h.replies(after.id))[0])).toContain('This channel is not subscribed');
  });
});

describe('/paperboy unsubscribe, help and top', () => {
  it('unsubscribes for an admin and says so when there was nothing to remove', async () => {
    await h.replies((await h.command('/paperboy', 'subscribe', { userId: 'U0ADMIN' })).id);
    const first = await h.command('/paperboy', 'unsubscribe', { userId: 'U0ADMIN' });
    expect(textOf((await h.replies(first.id))[0])).toContain('Unsubscribed');
    const second = await h.command('/paperboy', 'unsubscribe', { userId: 'U0ADMIN' });
    expect(textOf((await h.replies(second.id))[0])).toContain('not subscribed');
  });

  it('refuses unsubscribe for a member', async () => {
    await h.replies((await h.command('/paperboy', 'subscribe', { userId: 'U0ADMIN' })).id);
    const { id } = await h.command('/paperboy', 'unsubscribe', { userId: 'U0002' });
    expect(textOf((await h.replies(id))[0])).toMatch(/Only workspace admins/u);
  });

  it('shows help for no arguments, "help" and an unknown subcommand', async () => {
    for (const text of ['', 'help', 'HELP']) {
      const { ack } = await h.command('/paperboy', text);
      expect(ack?.text).toContain('/paperboy subscribe [HH:MM]');
    }
    const unknown = await h.command('/paperboy', 'frobnicate now');
    expect(unknown.ack?.text).toContain("I don't know `frobnicate`");
    expect(unknown.ack?.text).toContain('/paperboy top');
  });

  it('lists no votes yet for top, for anyone', async () => {
    const { id } = await h.command('/paperboy', 'top month', { userId: 'U0001' });
    expect(textOf((await h.replies(id))[0])).toContain('No votes of the last month yet');
  });
});
