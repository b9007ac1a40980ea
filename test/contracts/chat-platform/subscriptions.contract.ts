/** The contract's subscription part: subscribe, settings, unsubscribe, top, help and status. */
import { describe, expect, it } from 'vitest';
import { STATUS_STATES, missingStatusLines } from '../../support/status-states.js';
import type { SubscribeOptions } from './driver.js';
import { papersOf, useDriver, type StartDriver } from './support.js';

export function subscriptionContract(start: StartDriver): void {
  describe('/paperboy subscribe, settings, unsubscribe, top and help', () => {
    const driver = useDriver(start);

    it('subscribes the channel for an admin with every option, and shows the settings to any member', async () => {
      const d = driver();
      const reply = await d.subscribe(
        { time: '07:30', timezone: 'Europe/Berlin', maxPapers: 5, minUpvotes: 3, filter: 'memory OR "sparse attention"', thread: true },
        { by: 'admin' },
      );
      expect(reply.ephemeral).toBe(!d.announces.has('subscribe'));
      expect(reply.text).toContain('This channel is now subscribed to Hugging Face Daily Papers.');
      expect(reply.text).toContain(d.markup.bold('07:30 Europe/Berlin'));
      expect(reply.text).toContain('up to 5 of each papers-day not yet posted here, with at least 3 Hugging Face upvotes');
      expect(reply.text).toContain('Filter: `memory OR "sparse attention"`');
      expect(reply.text).toContain('papers in a thread under the header');

      const settings = await d.command('settings', { by: 'alice' });
      expect(settings.ephemeral).toBe(true);
      expect(settings.text).toContain(d.markup.bold('Daily digest settings for this channel'));
      expect(settings.text).toContain(d.markup.bold('07:30 Europe/Berlin'));
    });

    it('updates a subscription, keeping what was not given, and keeps channels apart', async () => {
      const d = driver();
      await d.subscribe({ time: '07:00', maxPapers: 4 }, { by: 'admin' });
      const updated = await d.subscribe({ minUpvotes: 10 }, { by: 'admin' });
      expect(updated.text).toContain('Subscription updated.');
      expect(updated.text).toContain(d.markup.bold('07:00 UTC'));
      expect(updated.text).toContain('up to 4 of each papers-day not yet posted here, with at least 10');
      expect((await d.subscribe({ maxPapers: 8 }, { by: 'admin' })).text).toContain('up to 8');
      expect((await d.command('settings', { by: 'alice', place: 'other' })).text).toContain('This channel is not subscribed.');
    });

    it('subscribes to a weekly digest on one day, and refuses a filter that can never match', async () => {
      const d = driver();
      const reply = await d.subscribe({ cadence: 'weekly', days: 'fri', filter: '"world models" OR robotics' }, { by: 'admin' });
      expect(reply.text).toContain('weekly on Friday');
      expect(reply.text).toContain('the top 10 of the past seven papers-days by Hugging Face upvotes and community votes');
      expect(reply.text).toContain('Filter: `"world models" OR robotics`');
      const refused = await d.subscribe({ filter: '!!! OR' }, { by: 'admin' });
      expect(refused.ephemeral).toBe(true);
      expect(refused.text).toMatch(/filter: /u);
      expect((await d.command('settings', { by: 'admin' })).text).toContain('Filter: `"world models" OR robotics`');
    });

    it('refuses a subscription from a member who may not change the channel, and changes nothing', async () => {
      const d = driver();
      const reply = await d.subscribe({ time: '07:30' }, { by: 'alice' });
      expect(reply.ephemeral).toBe(true);
      expect(reply.text).toMatch(d.notAllowed);
      expect((await d.command('settings', { by: 'admin' })).text).toContain('This channel is not subscribed.');
    });

    it.each<[string, SubscribeOptions, RegExp]>([
      ['a time', { time: '25:99' }, /time must be HH:MM/u],
      ['a timezone', { timezone: 'Mars/Olympus' }, /timezone must be an IANA name/u],
      ['days', { days: 'someday' }, /[Dd]ays must be daily, weekdays, weekends, a range such as mon-fri/u],
    ])('explains %s it cannot read with the accepted form, and saves nothing', async (_label, options, problem) => {
      const d = driver();
      const reply = await d.subscribe(options, { by: 'admin' });
      expect(reply.ephemeral).toBe(true);
      expect(reply.text).toMatch(problem);
      expect((await d.command('settings', { by: 'admin' })).text).toContain('This channel is not subscribed.');
    });

    it('unsubscribes for an admin, and says so when there was nothing to remove', async () => {
      const d = driver();
      await d.subscribe({}, { by: 'admin' });
      const removed = await d.command('unsubscribe', { by: 'admin' });
      expect(removed).toEqual({
        ephemeral: !d.announces.has('unsubscribe'),
        text: 'Unsubscribed: this channel will get no more daily digests. Votes and history are kept.',
      });
      expect((await d.command('unsubscribe', { by: 'admin' })).text).toBe('This channel is not subscribed, so there was nothing to remove.');
    });

    it('refuses an unsubscribe from a member and keeps the subscription', async () => {
      const d = driver();
      await d.subscribe({}, { by: 'admin' });
      const reply = await d.command('unsubscribe', { by: 'bob' });
      expect(reply.ephemeral).toBe(true);
      expect(reply.text).toMatch(d.notAllowed);
      expect((await d.command('settings', { by: 'admin' })).text).toContain(d.markup.bold('Daily digest settings for this channel'));
    });

    it('answers top for any member: no votes yet, of the last week unless another period is asked for', async () => {
      const d = driver();
      expect(await d.top(undefined, { by: 'alice' })).toEqual({
        ephemeral: !d.announces.has('top'),
        text: `No votes ${d.votesWhere} of the last week yet. React to a paper post to upvote it.`,
      });
      expect((await d.top('month', { by: 'alice' })).text).toBe(`No votes ${d.votesWhere} of the last month yet. React to a paper post to upvote it.`);
      expect((await d.top('all', { by: 'alice' })).text).toContain('of all time');
    });

    it('explains its commands and how to vote, to the asker alone', async () => {
      const d = driver();
      const help = await d.command('help', { by: 'alice' });
      expect(help.ephemeral).toBe(true);
      expect(help.text).toContain('/paperboy subscribe');
      expect(help.text).toContain(`React with ${d.upvoteText}`);
    });
  });

  describe('/paperboy status', () => {
    const driver = useDriver(start);

    it('shows the schedule, the next run and that nothing ran yet, with the days and the empty-day note in the settings', async () => {
      const d = driver();
      const reply = await d.subscribe({ time: '08:00', timezone: 'UTC', days: 'mon-fri', emptyNote: true }, { by: 'admin' });
      expect(reply.text).toContain(`${d.markup.bold('08:00 UTC')}, Mon, Tue, Wed, Thu, Fri`);
      expect(reply.text).toContain('"no papers today" note');

      const status = await d.command('status', { by: 'alice' });
      expect(status.ephemeral).toBe(true);
      expect(status.text).toContain(d.markup.bold('Paperboy status for this channel'));
      expect(status.text).toContain('Active: 08:00 UTC');
      expect(status.text).toMatch(/Next run: (Mon|Tue|Wed|Thu|Fri) \d{4}-\d{2}-\d{2} 08:00 UTC/u);
      expect(status.text).toContain('Last run: none yet');
      expect(status.text).toContain('Last Hugging Face error: none');

      const settings = await d.command('settings');
      expect(settings.text).toContain('Mon, Tue, Wed, Thu, Fri');
      expect(settings.text).toContain('"no papers today" note');
    });

    it('reports the last run once a scheduled digest has posted', async () => {
      const d = driver();
      await d.subscribe({ time: '03:00', timezone: 'UTC', maxPapers: 2 }, { by: 'admin' });
      // Due at 03:00 UTC on the 13th, the test clock's day: it posts the 12th.
      await d.runScheduled(new Date('2026-06-13T03:05:00Z'));
      expect(papersOf(d.posts())).toHaveLength(2);
      const status = await d.command('status', { by: 'alice' });
      expect(status.text).toMatch(/^Last run: papers of Fri 2026-06-12, posted 2 papers \(attempt 1, Sat 2026-06-13 \d{2}:\d{2} UTC\)$/mu);
      expect(status.text).toContain('Last Hugging Face error: none');
    });

    // Each reason a digest posted less than it might have, with every time in the channel's timezone.
    it.each(STATUS_STATES)('says what happened when $name', async (state) => {
      const d = driver();
      await state.prepare(d.database.path, d.database.channel);
      const status = await d.command('status', { by: 'alice' });
      expect(status.text).toContain(d.markup.bold('Paperboy status for this channel'));
      expect(missingStatusLines(status.text, state), status.text).toEqual([]);
    });

    it('says so when a channel that is not subscribed, or no longer, asks for its status', async () => {
      const d = driver();
      expect((await d.command('status', { by: 'alice' })).text).toContain('This channel is not subscribed.');
      await d.subscribe({}, { by: 'admin' });
      await d.command('unsubscribe', { by: 'admin' });
      expect((await d.command('status', { by: 'alice' })).text).toContain('This channel is not subscribed.');
    });
  });
}
