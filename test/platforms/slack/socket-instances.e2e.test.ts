/**
 * Socket Mode with several instances: two instances open their own connection with the same app
 * token and share one PostgreSQL database. Slack sends each envelope over one of the app's open
 * connections (the fake takes them in turn), so each envelope must be acked and answered exactly
 * once, by whichever instance got it, and what one instance records the other answers from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockAction, reactionEvent, slashCommand } from '../../fakes/slack/index.js';
import { APP_TOKEN, textOf } from './harness.js';
import { startSlackInstances, type SlackInstances } from './instances.js';

let lb: SlackInstances;

beforeAll(async () => {
  lb = await startSlackInstances(2, 'socket');
}, 30_000);
afterAll(async () => {
  await lb.stop();
});

let sequence = 0;
/** A slash command envelope; resolves with the connection that acked it and its one answer. */
async function command(text: string, userId = 'U0ADMIN', answers = 1): Promise<{ connection: number; text: string }> {
  const id = `sock-lb-${++sequence}`;
  const ack = await lb.fake.sendEnvelope('slash_commands', slashCommand({ command: '/paperboy', text, userId, responseUrl: lb.fake.responseUrl(id) }).payload);
  const bodies = await lb.replies(id, answers);
  return { connection: ack.connection, text: textOf(bodies[answers - 1]) };
}

const connectionsUsed = (): Set<number> => new Set(lb.fake.socketAcks().map((ack) => ack.connection));

describe('Socket Mode with two instances', () => {
  it('opens one connection per instance with the same app token', () => {
    expect(lb.fake.socketConnections()).toBe(2);
    expect(lb.fake.calls('apps.connections.open').map((call) => call.token)).toEqual([APP_TOKEN, APP_TOKEN]);
  });

  it('answers commands, buttons and reactions spread over both connections, each envelope acked and answered once', async () => {
    const subscribed = await command('subscribe max:2');
    expect(subscribed.text).toMatch(/subscribed/iu);
    const today = await command('today', 'U0ADMIN', 2);
    expect(today.text).toMatch(/^Posted/u);
    const posts = lb.fake.messages('C0001').filter((message) => message.metadata?.event_type === 'paperboy_paper');
    expect(posts).toHaveLength(2);
    const [first, second] = posts.map((post) => ({ ts: post.ts, paperId: String(post.metadata?.event_payload.paper_id) }));

    // A reaction over one connection, the vote button over the other.
    await lb.fake.sendEnvelope('events_api', reactionEvent({ user: 'U0003', ts: first?.ts ?? '', eventId: 'EvSockLb' }).payload);
    const button = await lb.fake.sendEnvelope('interactive', blockAction({
      actionId: 'paper_upvote', value: second?.paperId ?? '', messageTs: second?.ts ?? '', userId: 'U0004', responseUrl: lb.fake.responseUrl('sock-lb-vote'),
    }).payload);
    expect(textOf((await lb.replies('sock-lb-vote'))[0])).toContain('Upvoted. This paper has 1 vote');

    // Both votes show whichever connection, so whichever instance, answers `top`.
    await expect.poll(async () => (await command('top all', 'U0002')).text, { timeout: 5_000 }).toContain(first?.paperId);
    const tops = [];
    for (let turn = 0; turn < 4; turn += 1) tops.push(await command('top all', 'U0002'));
    for (const top of tops) expect(top.text).toMatch(new RegExp(`${first?.paperId}.*${second?.paperId}|${second?.paperId}.*${first?.paperId}`, 'su'));
    expect(new Set(tops.map((top) => top.connection))).toEqual(new Set([1, 2]));
    expect(button.connection).toBeGreaterThan(0);

    const delivered = lb.fake.socketDeliveries();
    const acked = lb.fake.socketAcks();
    expect(acked.map((ack) => ack.envelope_id).sort()).toEqual(delivered.map((delivery) => delivery.envelopeId).sort());
    for (const delivery of delivered) expect(acked.find((ack) => ack.envelope_id === delivery.envelopeId)?.connection).toBe(delivery.connection);
    expect(connectionsUsed()).toEqual(new Set([1, 2]));
    // One answer per command: no envelope ran on both instances.
    for (let id = 1; id <= sequence; id += 1) expect(lb.fake.responses(`sock-lb-${id}`).length).toBeLessThanOrEqual(id === 2 ? 2 : 1);
    expect(lb.fake.messages('C0001').filter((message) => message.metadata?.event_type === 'paperboy_paper')).toHaveLength(2);
  });
});
