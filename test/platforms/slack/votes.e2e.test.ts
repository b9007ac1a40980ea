/**
 * Reaction upvotes and the Upvote button through the real Bolt app: one vote per (user, paper),
 * whatever Slack redelivers, whoever else reacts, whichever emoji.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reactionEvent, type ReactionEventOptions, type SendToBoltOptions } from '../../fakes/slack/index.js';
import { startSlackHarness, type SlackHarness } from './harness.js';

let h: SlackHarness;
let papers: { id: string; ts: string }[];
let headerTs: string;

async function postDigest(subscribe = 'subscribe max:2'): Promise<void> {
  await h.replies((await h.command('/paperboy', subscribe, { userId: 'U0ADMIN' })).id);
  await h.replies((await h.command('/paperboy', 'today', { userId: 'U0ADMIN' })).id, 2);
  const messages = h.fake.messages('C0001');
  headerTs = messages[0]!.ts;
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

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Community votes per paper id, from `/paperboy top all`. */
async function votes(): Promise<Record<string, number>> {
  const { id } = await h.command('/paperboy', 'top all');
  const [reply] = await h.replies(id);
  const text = typeof reply?.text === 'string' ? reply.text : '';
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/papers\/(\d{4}\.\d{4,5})\|[^>]*> · (\d+) votes? here/gu)) counts[match[1]!] = Number(match[2]);
  return counts;
}

describe('reaction upvotes', () => {
  it('records a vote for the configured emoji on a paper post and takes it back on removal', async () => {
    await postDigest();
    const [paper] = papers;
    await react({ user: 'U0001', ts: paper!.ts });
    await react({ user: 'U0002', ts: paper!.ts });
    expect(await votes()).toEqual({ [paper!.id]: 2 });
    await react({ type: 'reaction_removed', user: 'U0001', ts: paper!.ts });
    expect(await votes()).toEqual({ [paper!.id]: 1 });
  });

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

  it('ignores other emoji, the bot itself, other bots and messages that are not paper posts', async () => {
    await postDigest();
    h.fake.setUser({ id: 'U0OTHERBOT', name: 'otherbot', is_bot: true });
    await react({ user: 'U0001', ts: papers[0]!.ts, reaction: 'heart' });
    await react({ user: 'U0OTHERBOT', ts: papers[0]!.ts });
    await react({ user: 'U0001', ts: headerTs });
    await react({ user: 'U0001', ts: '1600000000.000001' });
    await h.reaction({ user: 'U0BOT', ts: papers[1]!.ts });
    await react({ user: 'U0002', ts: papers[1]!.ts, reaction: 'arrow_up::skin-tone-2' });
    expect(await votes()).toEqual({ [papers[1]!.id]: 1 });
    expect(h.logs()).toMatch(/"result":"other_emoji"/u);
    expect(h.logs()).toMatch(/"result":"ignored_bot"/u);
    expect(h.logs()).toMatch(/"result":"ignored_not_a_paper_post"/u);
  });

  it('counts reactions on papers posted as thread replies', async () => {
    await postDigest('subscribe max:2 thread');
    expect(h.fake.messages('C0001')[1]?.thread_ts).toBe(headerTs);
    await react({ user: 'U0001', ts: papers[1]!.ts });
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
    expect((await h.replies(first.id))[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'Upvoted. This paper has 1 vote here.' });

    await react({ user: 'U0001', ts: paper.ts });
    const again = await click('U0001');
    expect((await h.replies(again.id))[0]).toMatchObject({ text: 'Vote removed. This paper has 1 vote here.' });

    const off = await click('U0002');
    expect((await h.replies(off.id))[0]).toMatchObject({ text: 'Vote removed. This paper has 0 votes here.' });
    expect(await votes()).toEqual({});
  });

  it('answers a button with a value that is not a paper id', async () => {
    const { id } = await h.action({ actionId: 'paper_upvote', value: '<script>' });
    expect(JSON.stringify((await h.replies(id))[0])).toContain('old message');
  });
});

describe('vote counts on the posts', () => {
  it('edits the paper post to show its new vote count after an upvote', async () => {
    await postDigest();
    const [paper] = papers;
    await react({ user: 'U0001', reaction: 'arrow_up', channel: 'C0001', ts: paper!.ts });
    const update = await h.fake.waitForCall('chat.update', (call) => call.args.ts === paper!.ts);
    expect(update.args.channel).toBe('C0001');
    expect(JSON.stringify(update.args.blocks)).toContain('1 here');
  });
});
