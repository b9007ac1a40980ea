/**
 * Slack behind a load balancer: three instances in HTTP mode share one PostgreSQL database and
 * the signing secret, and each request goes to whichever instance the balancer picks. Every
 * answer must be the same whichever instance gets it, because everything an answer needs
 * (subscriptions, posts, votes, the archive) is in the shared store, and paging buttons carry
 * their query with them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockAction, reactionEvent, slashCommand, type BoltRequest } from '../../fakes/slack/index.js';
import { textOf } from './harness.js';
import { startSlackInstances, type SlackInstance, type SlackInstances } from './instances.js';

let lb: SlackInstances;
let a: SlackInstance;
let b: SlackInstance;
let c: SlackInstance;

beforeAll(async () => {
  lb = await startSlackInstances(3, 'http');
  [a, b, c] = lb.instances as [SlackInstance, SlackInstance, SlackInstance];
}, 30_000);
afterAll(async () => {
  await lb.stop();
});

/** A tiny round-robin balancer: each request goes to the next instance. */
function roundRobin(instances: readonly SlackInstance[]): () => SlackInstance {
  let turn = -1;
  return () => instances[(turn = (turn + 1) % instances.length)]!;
}

async function answer(on: SlackInstance, command: '/papers' | '/paperboy', text: string, userId = 'U0ADMIN'): Promise<Record<string, unknown>> {
  const { id, response } = await on.command(command, text, userId);
  expect(response.status).toBe(200);
  // A refusal (bad arguments, not an admin) comes in the ack itself; answers come by response_url.
  if (response.body !== '') return JSON.parse(response.body) as Record<string, unknown>;
  const [body] = await lb.replies(id);
  return body ?? {};
}

async function press(on: SlackInstance, action: { actionId: string; value: string; messageTs?: string; userId?: string }): Promise<Record<string, unknown>> {
  const responseUrl = lb.fake.responseUrl(`press-${on.name}-${action.actionId}-${Date.now()}`);
  const id = responseUrl.split('/').pop() ?? '';
  const response = await on.send(blockAction({ ...action, responseUrl }));
  expect(response.status).toBe(200);
  const [body] = await lb.replies(id);
  return body ?? {};
}

async function sendEvent(on: SlackInstance, request: BoltRequest): Promise<void> {
  expect((await on.send(request)).status).toBe(200);
}

const topText = async (on: SlackInstance): Promise<string> => textOf(await answer(on, '/paperboy', 'top all', 'U0002'));

describe('Slack behind a load balancer (HTTP mode, three instances, one PostgreSQL)', () => {
  it('listens on three ports with one signing secret', () => {
    expect(new Set(lb.instances.map((instance) => instance.port)).size).toBe(3);
  });

  it('subscribes on A; B and C show the subscription in /paperboy status; a change on C shows on A', async () => {
    expect(textOf(await answer(a, '/paperboy', 'subscribe 07:30 max:3'))).toMatch(/subscribed/iu);
    for (const other of [b, c]) expect(textOf(await answer(other, '/paperboy', 'status'))).toContain('Active: 07:30 UTC');
    await answer(c, '/paperboy', 'subscribe 09:15');
    expect(textOf(await answer(a, '/paperboy', 'status'))).toContain('Active: 09:15 UTC');
  });

  it('posts /paperboy today from B; a vote button on A shows in /paperboy top on C; pressing again on B takes it back', async () => {
    expect(textOf((await lb.replies((await b.command('/paperboy', 'today', 'U0ADMIN')).id, 2))[1])).toMatch(/^Posted/u);
    const post = lb.fake.messages('C0001').find((message) => message.metadata?.event_type === 'paperboy_paper');
    const paperId = String(post?.metadata?.event_payload.paper_id);
    const upvote = { actionId: 'paper_upvote', value: paperId, messageTs: post?.ts ?? '' };

    expect(textOf(await press(a, upvote))).toContain('Upvoted. This paper has 1 vote');
    expect(await topText(c)).toMatch(new RegExp(`papers/${paperId.replace('.', '\\.')}\\|[^>]*> · 1 vote across all workspaces`, 'u'));
    expect(textOf(await press(b, upvote))).toContain('Vote removed');
    expect(await topText(a)).not.toContain(paperId);
  });

  it('counts a reaction that C receives in /paperboy top on A and B, and its removal on A everywhere', async () => {
    const post = lb.fake.messages('C0001').filter((message) => message.metadata?.event_type === 'paperboy_paper')[1];
    const paperId = String(post?.metadata?.event_payload.paper_id);
    await sendEvent(c, reactionEvent({ user: 'U0003', ts: post?.ts ?? '', eventId: 'EvLbAdd' }));
    await expect.poll(() => topText(a), { timeout: 5_000 }).toContain(paperId);
    expect(await topText(b)).toContain(paperId);
    await sendEvent(a, reactionEvent({ type: 'reaction_removed', user: 'U0003', ts: post?.ts ?? '', eventId: 'EvLbRemove' }));
    await expect.poll(() => topText(b), { timeout: 5_000 }).not.toContain(paperId);
  });

  it('keeps a removed vote removed when Slack retries the earlier add to another instance', async () => {
    const post = lb.fake.messages('C0001').filter((message) => message.metadata?.event_type === 'paperboy_paper')[2];
    const paperId = String(post?.metadata?.event_payload.paper_id);
    const votesFor = async (on: SlackInstance) => new RegExp(`papers/${paperId.replace('.', '\\.')}\\|[^>]*> · (\\d+) vote`, 'u').exec(await topText(on))?.[1];
    const add = reactionEvent({ user: 'U0004', ts: post?.ts ?? '', eventId: 'EvLbRetriedAdd' });
    const signedAt = Math.floor(Date.now() / 1000);
    expect((await a.send(add, { ts: signedAt })).status).toBe(200);
    await expect.poll(() => votesFor(c), { timeout: 5_000 }).toBe('1');
    await sendEvent(b, reactionEvent({ type: 'reaction_removed', user: 'U0004', ts: post?.ts ?? '', eventId: 'EvLbRemoveAfter' }));
    await expect.poll(() => votesFor(a), { timeout: 5_000 }).toBeUndefined();
    // Slack's retry of the add: the same event, signed anew, to whichever instance the balancer picks.
    expect((await c.send(add, { ts: signedAt + 1, retryNum: 1 })).status).toBe(200);
    // Another person's vote after it on the same instance: once that counts, the retry was handled.
    await sendEvent(c, reactionEvent({ user: 'U0005', ts: post?.ts ?? '', eventId: 'EvLbAnother' }));
    await expect.poll(() => votesFor(b), { timeout: 5_000 }).toBeDefined();
    expect(await votesFor(a)).toBe('1');
  });

  it('refuses a signed request replayed to another instance, as the first instance does', async () => {
    const status = slashCommand({ command: '/paperboy', text: 'status', responseUrl: lb.fake.responseUrl('replayed'), userId: 'U0ADMIN' });
    const signedAt = Math.floor(Date.now() / 1000);
    expect((await a.send(status, { ts: signedAt })).status).toBe(200);
    for (const on of [b, c, a]) expect((await on.send(status, { ts: signedAt })).status, `replayed to ${on.name}`).toBe(401);
    expect(await lb.replies('replayed')).toHaveLength(1);
  });

  it('turns a search page that A answered to the next page on B', async () => {
    const first = await answer(a, '/papers', 'min:0', 'U0002');
    const paging = (first.blocks as { block_id?: string; elements?: { action_id?: string; value?: string }[] }[]).find((block) => block.block_id === 'search_paging');
    const next = paging?.elements?.find((element) => element.action_id === 'search_next');
    expect(next?.value).toBeDefined();
    const second = await press(b, { actionId: 'search_next', value: next?.value ?? '', userId: 'U0002' });
    const visible = (body: Record<string, unknown>) => JSON.stringify(body.blocks);
    expect(visible(second)).toContain('page 2/6');
    expect(visible(second)).not.toEqual(visible(first));
  });

  it('gives the same answers whichever instance a round-robin balancer picks', async () => {
    const next = roundRobin(lb.instances);
    for (const [command, text] of [['/paperboy', 'status'], ['/paperboy', 'top all'], ['/papers', 'memory']] as const) {
      const answers = [];
      for (let request = 0; request < lb.instances.length; request += 1) answers.push(textOf(await answer(next(), command, text, 'U0002')));
      expect(new Set(answers).size, `${command} ${text}: ${answers.join(' | ')}`).toBe(1);
    }
  });
});
