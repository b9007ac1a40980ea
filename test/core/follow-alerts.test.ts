import { describe, expect, it } from 'vitest';
import { sendFollowAlerts } from '../../src/core/follows/alerts.js';
import { alertPlace, type FollowAlert, type Follower } from '../../src/core/follows/follow.js';
import { follow } from '../../src/core/follows/manage.js';
import type { AlertSendResult, FollowAlerter } from '../../src/core/ports.js';
import { alertKey } from '../../src/core/posts.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { makePaper } from '../support/papers.js';

const DAY = '2026-06-12';
const clock = { now: () => new Date(`${DAY}T20:00:00Z`) };
const ALICE: Follower = { platform: 'discord', userId: '1001', workspaceId: 'G1' };
const BOB: Follower = { platform: 'discord', userId: '1002', workspaceId: 'G1' };
const CAROL: Follower = { platform: 'slack', userId: 'U3', workspaceId: 'T1' };

const papers = [
  makePaper('2606.00001', { title: 'State space models at scale', upvotes: 30, papersDay: DAY }),
  makePaper('2606.00002', { title: 'Memory agents', upvotes: 20, papersDay: DAY, authors: ['Yann LeCun'] }),
  makePaper('2606.00003', { title: 'Unrelated vision work', upvotes: 10, papersDay: DAY }),
];

interface Sent { readonly userId: string; readonly day: string; readonly papers: string[]; readonly nonce: string }

/** Records every alert; users in `closed` take no DMs, and `crashAfterSend` throws once the message is out. */
function recordingAlerter(options: { closed?: Set<string>; crashAfterSend?: boolean } = {}): FollowAlerter & { sent: Sent[] } {
  const sent: Sent[] = [];
  let crash = options.crashAfterSend === true;
  return {
    sent,
    sendAlert(follower: Follower, alert: FollowAlert, { nonce }: { nonce: string }): Promise<AlertSendResult> {
      if (options.closed?.has(follower.userId) === true) return Promise.resolve({ status: 'closed', reason: 'dms closed' });
      sent.push({ userId: follower.userId, day: alert.day, papers: alert.papers.map((paper) => paper.id), nonce });
      if (crash) {
        crash = false;
        return Promise.reject(new Error('killed between send and record'));
      }
      return Promise.resolve({ status: 'sent', messageId: `m${sent.length}`, messageChannelId: `dm-${follower.userId}` });
    },
    findAlert(follower: Follower, _alert: FollowAlert, nonce: string) {
      const index = sent.findIndex((entry) => entry.userId === follower.userId && entry.nonce === nonce);
      return Promise.resolve(index < 0 ? undefined : { messageId: `m${index + 1}`, messageChannelId: `dm-${follower.userId}` });
    },
  };
}

async function setup() {
  const stores = createSqliteStores(openDatabase(':memory:'));
  await stores.papers.upsertPapers(papers);
  const deps = { follows: stores.follows, clock, limits: { maxFollowsPerPerson: 20 } };
  await follow(deps, ALICE, '"state space models"');
  await follow(deps, ALICE, 'memory agents');
  await follow(deps, BOB, 'author:"Yann LeCun"');
  await follow(deps, CAROL, 'memory');
  await follow(deps, { ...CAROL, userId: 'U4' }, 'nothing matches this');
  return { stores, deps };
}

describe('follow alerts for a papers-day', () => {
  it('sends each person with matches one message with all of them, most upvoted first, and records them', async () => {
    const { stores } = await setup();
    const discord = recordingAlerter();
    const slack = recordingAlerter();
    const summary = await sendFollowAlerts({ ...stores, clock, alerters: { discord, slack } }, DAY);
    expect(summary).toEqual({ day: DAY, people: 3, sent: 3, paused: 0, failed: 0 });
    expect(discord.sent.map(({ userId, papers: ids }) => ({ userId, ids }))).toEqual([
      { userId: ALICE.userId, ids: ['2606.00001', '2606.00002'] },
      { userId: BOB.userId, ids: ['2606.00002'] },
    ]);
    expect(slack.sent.map(({ userId, papers: ids }) => ({ userId, ids }))).toEqual([{ userId: 'U3', ids: ['2606.00002'] }]);
    expect(await stores.ledger.findPost(alertPlace(ALICE), alertKey(DAY))).toMatchObject({ state: 'sent', messageId: 'm1' });
    expect(await stores.follows.alertedAmong(ALICE, ['2606.00001', '2606.00002', '2606.00003'])).toEqual(new Set(['2606.00001', '2606.00002']));
    expect(await stores.follows.unfinishedAlertRuns()).toEqual([]);

    // The day ingested again (a second channel's digest fetched it): nobody gets a second message.
    expect(await sendFollowAlerts({ ...stores, clock, alerters: { discord, slack } }, DAY)).toMatchObject({ sent: 0 });
    expect(discord.sent).toHaveLength(2);
  });

  it('sends each person one message when two instances run the same day at once (one waits for the other\'s run)', async () => {
    const { stores } = await setup();
    const discord = recordingAlerter();
    const slack = recordingAlerter();
    // A DM takes a while to go out: the second run starts while the first has alerts pending.
    const slowly = (alerter: FollowAlerter): FollowAlerter => ({
      ...alerter,
      sendAlert: async (...args) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return alerter.sendAlert(...args);
      },
    });
    const deps = { ...stores, clock, alerters: { discord: slowly(discord), slack: slowly(slack) } };
    const runs = await Promise.all([sendFollowAlerts(deps, DAY), sendFollowAlerts(deps, DAY)]);
    expect(runs.map((run) => run.sent).sort()).toEqual([0, 3]);
    expect(discord.sent.map((entry) => entry.userId)).toEqual([ALICE.userId, BOB.userId]);
    expect(slack.sent).toHaveLength(1);
  });

  it('never alerts a paper twice: a paper already alerted is left out of a later day\'s message', async () => {
    const { stores } = await setup();
    await stores.follows.recordAlerted(BOB, '2026-06-11', ['2606.00002']);
    const discord = recordingAlerter();
    await sendFollowAlerts({ ...stores, clock, alerters: { discord } }, DAY);
    expect(discord.sent.map((entry) => entry.userId)).toEqual([ALICE.userId]);
  });

  it('pauses a person whose DMs are closed, sends the others, and tells them why on their next command', async () => {
    const { stores, deps } = await setup();
    const discord = recordingAlerter({ closed: new Set([ALICE.userId]) });
    const summary = await sendFollowAlerts({ ...stores, clock, alerters: { discord } }, DAY);
    expect(summary).toMatchObject({ people: 2, sent: 1, paused: 1, failed: 0 });
    expect(discord.sent.map((entry) => entry.userId)).toEqual([BOB.userId]);
    expect((await stores.follows.activeFollows()).some((entry) => entry.userId === ALICE.userId)).toBe(false);
    expect(await stores.ledger.findPost(alertPlace(ALICE), alertKey(DAY))).toBeUndefined();
    expect((await follow(deps, ALICE, 'org:nvidia')).resumedFrom).toBe('dms closed');
  });

  it('after a crash between send and record, finds the sent alert instead of sending it again, and leaves the run open until then', async () => {
    const { stores } = await setup();
    const crashing = recordingAlerter({ crashAfterSend: true });
    await expect(sendFollowAlerts({ ...stores, clock, alerters: { discord: crashing } }, DAY)).rejects.toThrow('killed');
    expect(await stores.follows.unfinishedAlertRuns()).toEqual([DAY]);
    expect(await stores.ledger.findPost(alertPlace(ALICE), alertKey(DAY))).toMatchObject({ state: 'pending' });

    // More papers arrived before the restart: the alert still says what the first run sent.
    await stores.papers.upsertPapers([makePaper('2606.00004', { title: 'State space models, again', upvotes: 99, papersDay: DAY })]);
    const summary = await sendFollowAlerts({ ...stores, clock, alerters: { discord: crashing } }, DAY);
    expect(summary).toMatchObject({ sent: 2, failed: 0 });
    expect(crashing.sent.map((entry) => entry.userId)).toEqual([ALICE.userId, BOB.userId]);
    expect(await stores.ledger.findPost(alertPlace(ALICE), alertKey(DAY))).toMatchObject({ state: 'sent', messageId: 'm1' });
    expect(await stores.follows.alertedAmong(ALICE, ['2606.00001', '2606.00002', '2606.00004'])).toEqual(new Set(['2606.00001', '2606.00002']));
    expect(await stores.follows.unfinishedAlertRuns()).toEqual([]);
  });

  it('sends nothing for a platform that is not running', async () => {
    const { stores } = await setup();
    const discord = recordingAlerter();
    expect(await sendFollowAlerts({ ...stores, clock, alerters: { discord } }, DAY)).toMatchObject({ people: 2, sent: 2 });
  });
});
