/**
 * What `/paperboy status` must say for each reason a digest posted less than it might have,
 * written into the bot's database as delivery would have left it, for the chat-platform contract.
 * The harness clock stands at 2026-06-13 02:00 UTC, which is Friday 19:00 in Los Angeles: the
 * channel's timezone, in which every time in the answer is shown.
 */
import type { ChannelRef } from '../../src/core/channels.js';
import type { Subscription } from '../../src/core/subscription.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';

export const STATUS_TIMEZONE = 'America/Los_Angeles';

export function statusSubscription(channel: ChannelRef, fields: Partial<Subscription> = {}): Subscription {
  return {
    ...channel, time: '18:45', timezone: STATUS_TIMEZONE, maxPapers: 3, minUpvotes: 0, filter: 'agents OR "sparse attention"', cadence: 'daily', thread: false,
    weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false, consecutiveFailures: 0, createdBy: 'U1', createdAt: '2026-06-01T00:00:00Z', updatedAt: '2026-06-01T00:00:00Z',
    ...fields,
  };
}

export interface StatusState {
  readonly name: string;
  /** Leaves the database as delivery would have. */
  prepare(databasePath: string, channel: ChannelRef): Promise<void>;
  /** Lines (or parts of lines) the answer must hold, markup aside. */
  readonly expected: readonly (string | RegExp)[];
}

/** Runs `work` on the bot's database, after clearing the channel's subscription and runs of an earlier state. */
async function withStores(databasePath: string, channel: ChannelRef, work: (stores: ReturnType<typeof createSqliteStores>) => Promise<void>): Promise<void> {
  const db = openDatabase(databasePath);
  for (const table of ['subscriptions', 'digest_runs']) db.prepare(`DELETE FROM ${table} WHERE platform = ? AND channel_id = ?`).run(channel.platform, channel.channelId);
  const stores = createSqliteStores(db);
  try {
    await work(stores);
  } finally {
    await stores.close();
  }
}

/** Thursday was empty and Friday posted, the day before: a digest of both at 18:45 Friday. */
async function digestOfThursdayAndFriday(stores: ReturnType<typeof createSqliteStores>, channel: ChannelRef): Promise<void> {
  await stores.runs.beginRun(channel, '2026-06-11', '2026-06-13T01:45:00Z', '2026-06-13T01:45:03Z', { to: '2026-06-12' });
  await stores.runs.finishRun(channel, '2026-06-11', { state: 'done', posted: 3, at: '2026-06-13T01:46:00Z', emptyDays: ['2026-06-11'], openDays: ['2026-06-11'] });
}

export const STATUS_STATES: readonly StatusState[] = [
  {
    name: 'a day that was empty when the digest ran',
    prepare: (path, channel) => withStores(path, channel, async (stores) => {
      await stores.subscriptions.saveSubscription(statusSubscription(channel));
      await digestOfThursdayAndFriday(stores, channel);
    }),
    expected: [
      `Active: 18:45 ${STATUS_TIMEZONE}, every day`,
      `Next run: Sat 2026-06-13 18:45 ${STATUS_TIMEZONE}`,
      `Last run: papers of Thu 2026-06-11 – Fri 2026-06-12, posted 3 papers (attempt 1, Fri 2026-06-12 18:46 ${STATUS_TIMEZONE})`,
      'Empty on Hugging Face when the digest ran: Thu 2026-06-11. It may still fill; the next digest looks again and posts its papers.',
      'Last Hugging Face error: none',
    ],
  },
  {
    name: 'Hugging Face failing',
    prepare: (path, channel) => withStores(path, channel, async (stores) => {
      await stores.subscriptions.saveSubscription(statusSubscription(channel, { consecutiveFailures: 0 }));
      await digestOfThursdayAndFriday(stores, channel);
      await stores.runs.beginRun(channel, '2026-06-13', '2026-06-14T01:45:00Z', '2026-06-13T01:50:00Z');
      await stores.runs.finishRun(channel, '2026-06-13', { state: 'failed', posted: 0, error: 'Hugging Face: HTTP 503 Service Unavailable', sourceError: 'HTTP 503 Service Unavailable', at: '2026-06-13T01:51:00Z' });
    }),
    expected: [
      `Last run: papers of Sat 2026-06-13, failed: Hugging Face: HTTP 503 Service Unavailable (will retry) (attempt 1, Fri 2026-06-12 18:51 ${STATUS_TIMEZONE})`,
      `Last complete digest: papers of Thu 2026-06-11 – Fri 2026-06-12, posted 3 papers`,
      'Last Hugging Face error: HTTP 503 Service Unavailable',
    ],
  },
  {
    name: 'paused',
    prepare: (path, channel) => withStores(path, channel, async (stores) => {
      await stores.subscriptions.saveSubscription(statusSubscription(channel));
      await stores.subscriptions.setDeliveryState(channel, { consecutiveFailures: 3, pausedAt: '2026-06-12T22:30:00Z', pauseReason: 'Missing Access (50001)' });
    }),
    expected: [
      `Paused since Fri 2026-06-12 15:30 ${STATUS_TIMEZONE}: Missing Access (50001). Fix the cause, then subscribe again to resume.`,
      'Next run: none while paused',
      'Last run: none yet',
    ],
  },
];

/** Problems with an answer: each expected line it lacks. */
export function missingStatusLines(answer: string, state: StatusState): string[] {
  const plain = answer.replace(/\*/gu, '');
  return state.expected.filter((line) => (typeof line === 'string' ? !plain.includes(line) : !line.test(plain))).map(String);
}
