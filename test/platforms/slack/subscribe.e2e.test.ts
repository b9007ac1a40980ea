/**
 * `/paperboy` as only Slack does it, beside the chat-platform contract (test/contracts/): admin
 * rights from users.info, arguments typed as text with usage errors in the ack, and help.
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
  it('asks Slack whether the person subscribing is a workspace admin', async () => {
    const { id } = await h.command('/paperboy', 'subscribe 08:30 Europe/Berlin', { userId: 'U0ADMIN' });
    expect(textOf((await h.replies(id))[0])).toContain('This channel is now subscribed');
    expect(h.fake.calls('users.info')[0]?.args).toMatchObject({ user: 'U0ADMIN' });
  });

  it('lets an owner update the subscription and keeps unspecified settings', async () => {
    await h.replies((await h.command('/paperboy', 'subscribe 07:00 max:4', { userId: 'U0OWNER' })).id);
    const { id } = await h.command('/paperboy', 'subscribe min:10', { userId: 'U0OWNER' });
    const text = textOf((await h.replies(id))[0]);
    expect(text).toContain('Subscription updated');
    expect(text).toContain('07:00 UTC');
    expect(text).toContain('up to 4 of each papers-day not yet posted here, with at least 10');
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

describe('/paperboy help', () => {
  it('shows help for no arguments, "help" and an unknown subcommand', async () => {
    for (const text of ['', 'help', 'HELP']) {
      const { ack } = await h.command('/paperboy', text);
      expect(ack?.text).toContain('/paperboy subscribe [HH:MM]');
    }
    const unknown = await h.command('/paperboy', 'frobnicate now');
    expect(unknown.ack?.text).toContain("I don't know `frobnicate`");
    expect(unknown.ack?.text).toContain('/paperboy top');
  });
});
