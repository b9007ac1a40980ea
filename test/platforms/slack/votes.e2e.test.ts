/**
 * Votes as only Slack has them, beside the chat-platform contract (test/contracts/): events
 * Slack redelivers or delivers late, the bot's own reactions, and the Upvote button.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reactionEvent, type ReactionEventOptions, type SendToBoltOptions } from '../../fakes/slack/index.js';
import { waitUntil } from '../../support/wait-log.js';
import { startSlackHarness, type SlackHarness } from './harness.js';

let h: SlackHarness;
let papers: { id: string; ts: string }[];

async function postDigest(): Promise<void> {
  await h.replies((await h.command('/paperboy', 'subscribe max:2', { userId: 'U0ADMIN' })).id);
  await h.replies((await h.command('/paperboy', 'today', { userId: 'U0ADMIN' })).id, 2);
  const messages = h.fake.messages('C0001');
  papers = messages
    .filter((m) => m.metadata?.event_type === 'paperboy_paper')
    .map((m) => ({ id: String(m.metadata?.event_payload.paper_id), ts: m.ts }));
}

beforeEach(async () => {
  h = await startSlackHarness();
});
afterEach(async () => {
  await h.stop();
});

let sequence = 0;
/** Sends a reaction event and waits until the bot has handled it (its log line). */
async function react(options: ReactionEventOptions, extra: Partial<SendToBoltOptions> = {}): Promise<void> {
  const eventId = options.eventId ?? `EvVote${++sequence}`;
  const response = await h.reaction({ ...options, eventId }, extra);
  expect(response.status).toBe(200);
  await waitFor(() => h.logs().split('\n').filter((line) => line.includes(`"eventId":"${eventId}"`) && line.includes('reaction handled')).length > (extra.retryNum ?? 0));
}

const waitFor = (condition: () => boolean): Promise<void> => waitUntil(condition, 'reaction handled', 2_000);

/** Community votes per paper id, from `/paperboy top all`. */
async function votes(): Promise<Record<string, number>> {
  const { id } = await h.command('/paperboy', 'top all');
  const [reply] = await h.replies(id);
  const text = typeof reply?.text === 'string' ? reply.text : '';
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/papers\/(\d{4}\.\d{4,5})\|[^>]*> · (\d+) votes? across all workspaces/gu)) counts[match[1]!] = Number(match[2]);
  return counts;
}

describe('reaction upvotes', () => {
  it('counts a delivery that Slack retries once', async () => {
    await postDigest();
    await react({ user: 'U0001', ts: papers[0]!.ts, eventId: 'EvDup' });
    await react({ user: 'U0001', ts: papers[0]!.ts, eventId: 'EvDup' }, { retryNum: 1, retryReason: 'http_timeout' });
    expect(h.logs()).toMatch(/"eventId":"EvDup".*"result":"duplicate"/u);
    expect(await votes()).toEqual({ [papers[0]!.id]: 1 });
  });

  it('keeps a removed vote removed when the earlier add is redelivered after the removal', async () => {
    await postDigest();
    const ts = papers[0]!.ts;
    await react({ user: 'U0001', ts, eventId: 'EvAdd' });
    await react({ type: 'reaction_removed', user: 'U0001', ts, eventId: 'EvRemove' });
    await react({ user: 'U0001', ts, eventId: 'EvAdd' }, { retryNum: 1 });
    expect(await votes()).toEqual({});
  });

  it('ignores a late add that Slack delivers only after the removal', async () => {
    await postDigest();
    const ts = papers[0]!.ts;
    const addedAt = Math.floor(Date.now() / 1000) - 10;
    await react({ type: 'reaction_removed', user: 'U0001', ts, eventId: 'EvLateRemove' });
    // The add happened first (older event_ts) but its first delivery was lost; this is the retry.
    const late = reactionEvent({ user: 'U0001', ts, eventId: 'EvLateAdd' }).payload as { event: { event_ts: string } };
    late.event.event_ts = `${addedAt}.000100`;
    expect((await h.send(JSON.stringify(late), { retryNum: 2 })).status).toBe(200);
    await waitFor(() => h.logs().includes('"eventId":"EvLateAdd"'));
    expect(h.logs()).toMatch(/"eventId":"EvLateAdd".*"result":"stale"/u);
    expect(await votes()).toEqual({});
  });

  it('ignores its own reactions and reactions on a message it never saw', async () => {
    await postDigest();
    await react({ user: 'U0001', ts: '1600000000.000001' });
    expect(h.logs()).toMatch(/"result":"ignored_not_a_paper_post"/u);
    // Bolt drops the bot's own events before any listener runs, so there is no log line to wait for.
    await h.reaction({ user: 'U0BOT', ts: papers[1]!.ts });
    await react({ user: 'U0002', ts: papers[1]!.ts, reaction: 'arrow_up::skin-tone-2' });
    expect(await votes()).toEqual({ [papers[1]!.id]: 1 });
  });
});

describe('the Upvote button', () => {
  it('toggles the clicker\'s vote and answers only them, sharing the vote with reactions', async () => {
    await postDigest();
    const paper = papers[0]!;
    const click = (user: string) => h.action({ actionId: 'paper_upvote', value: paper.id, userId: user, messageTs: paper.ts });

    const first = await click('U0002');
    expect(first.response.status).toBe(200);
    expect((await h.replies(first.id))[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'Upvoted. This paper has 1 vote across all workspaces.' });

    await react({ user: 'U0001', ts: paper.ts });
    const again = await click('U0001');
    expect((await h.replies(again.id))[0]).toMatchObject({ text: 'Vote removed. This paper has 1 vote across all workspaces.' });

    const off = await click('U0002');
    expect((await h.replies(off.id))[0]).toMatchObject({ text: 'Vote removed. This paper has 0 votes across all workspaces.' });
    expect(await votes()).toEqual({});
  });

  it('answers a button with a value that is not a paper id', async () => {
    const { id } = await h.action({ actionId: 'paper_upvote', value: '<script>' });
    expect(JSON.stringify((await h.replies(id))[0])).toContain('old message');
  });
});
