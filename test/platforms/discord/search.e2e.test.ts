/**
 * `/papers` through the real discord.js client: an ephemeral defer at once, then the results as
 * embeds (local index merged with Hugging Face search, no duplicates), paging buttons, title
 * autocomplete, and hostile queries that must each get an answer without hurting the bot.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_SECOND_USER_ID, FAKE_USER_ID, messageErrors, type Json, type RecordedRequest } from '../../fakes/discord/index.js';
import { EPHEMERAL, EVOARENA, bodyOf, contentOf, messageOf, startDiscordHarness, type DiscordHarness } from './harness.js';
import { discordPageButtonId } from '../../../src/formatter/paging.js';

let h: DiscordHarness;
beforeEach(async () => {
  h = await startDiscordHarness({ seed: true });
});
afterEach(async () => {
  await h.stop();
});

type Embed = { title?: string; url?: string; description?: string };
type Button = { custom_id?: string; label?: string; disabled?: boolean };
const embedsOf = (request: RecordedRequest | undefined): Embed[] => {
  const embeds = messageOf(request).embeds;
  return Array.isArray(embeds) ? (embeds as Embed[]) : [];
};
const buttonsOf = (request: RecordedRequest | undefined): Button[] => {
  const rows = messageOf(request).components;
  return Array.isArray(rows) ? (rows as { components: Button[] }[]).flatMap((row) => row.components) : [];
};
const nextButton = (request: RecordedRequest | undefined) => buttonsOf(request).find((button) => button.label?.startsWith('Next'));
const previousButton = (request: RecordedRequest | undefined) => buttonsOf(request).find((button) => button.label?.startsWith('◀'));
const search = (query: string, extra: Record<string, string | number> = {}) => h.deferred({ name: 'papers', options: { query, ...extra } });
const edit = (calls: RecordedRequest[]) => calls.find((call) => call.route === 'webhook.original.edit');

describe('/papers <query>', () => {
  it('defers ephemerally at once, then edits in results with EvoArena first and paging buttons', async () => {
    const dispatched = Date.now();
    const { calls } = await search('memory');

    expect(calls.map((call) => [call.route, call.status])).toEqual([['interaction.callback', 204], ['webhook.original.edit', 200]]);
    expect(bodyOf(calls[0])).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    // Discord drops an interaction that is not answered within 3 s; the fake would answer 10062.
    expect(calls[0]!.time - dispatched).toBeLessThan(3_000);

    const reply = edit(calls);
    expect(messageErrors(bodyOf(reply))).toBeUndefined();
    expect(bodyOf(reply).allowed_mentions).toEqual({ parse: [] });
    expect(contentOf(reply)).toBe('Results for "memory" (1–5 of 6)');
    const embeds = embedsOf(reply);
    expect(embeds).toHaveLength(5);
    const [first] = embeds;
    expect(first?.title).toBe('1. EvoArena: Tracking Memory Evolution for Robust LLM Agents in Dynamic Environments');
    expect(first?.url).toBe(`https://huggingface.co/papers/${EVOARENA}`);
    // One-line summary, then authors · date · upvotes · organization.
    expect(first?.description).toMatch(/^EvoArena benchmark and EvoMem memory paradigm .+\n.*Jundong Xu, .+ · 2026-06-12 · ▲ 118 · Massachusetts Institute of Technology$/su);
    expect(nextButton(reply)?.disabled).toBe(false);
    expect(previousButton(reply)?.disabled).toBe(true);
    expect(h.hf.requests.some((request) => request.url.startsWith('/api/papers/search?q=memory'))).toBe(true);
  });

  it('merges Hugging Face search with the local index without listing a paper twice', async () => {
    const first = await search('memory');
    const second = await h.interact(
      { type: 3, customId: nextButton(edit(first.calls))?.custom_id ?? '', messageId: String((edit(first.calls)?.response as Json).id) },
      (calls) => calls.some((call) => call.route === 'webhook.original.edit'),
    );
    const urls = [...embedsOf(edit(first.calls)), ...embedsOf(edit(second.calls))].map((embed) => embed.url);
    expect(urls).toHaveLength(6);
    expect(new Set(urls).size).toBe(6);
    expect(urls.filter((url) => url?.endsWith(EVOARENA))).toHaveLength(1);
  });

  it('pages forward and back with the buttons, editing the same ephemeral message', async () => {
    const first = await search('memory');
    const original = edit(first.calls);
    const messageId = String((original?.response as Json).id);
    expect(h.fake.message(messageId)?.flags).toBe(EPHEMERAL);

    const forward = await h.interact(
      { type: 3, customId: nextButton(original)?.custom_id ?? '', messageId },
      (calls) => calls.some((call) => call.route === 'webhook.original.edit'),
    );
    expect(forward.calls.map((call) => [call.route, bodyOf(call).type])).toEqual([['interaction.callback', 6], ['webhook.original.edit', undefined]]);
    const page2 = edit(forward.calls);
    expect(contentOf(page2)).toBe('Results for "memory" (6–6 of 6)');
    expect(embedsOf(page2)[0]?.title).toMatch(/^6\. /u);
    expect(nextButton(page2)?.disabled).toBe(true);
    expect(h.fake.message(messageId)?.content).toBe('Results for "memory" (6–6 of 6)');

    const back = await h.interact(
      { type: 3, customId: previousButton(page2)?.custom_id ?? '', messageId },
      (calls) => calls.some((call) => call.route === 'webhook.original.edit'),
    );
    expect(embedsOf(edit(back.calls))[0]?.url).toBe(`https://huggingface.co/papers/${EVOARENA}`);
  });

  it('honours limit: one result per page', async () => {
    const { calls } = await search('memory', { limit: 1 });
    expect(embedsOf(edit(calls))).toHaveLength(1);
    expect(contentOf(edit(calls))).toBe('Results for "memory" (1–1 of 6)');
    expect(buttonsOf(edit(calls)).map((button) => button.label)).toContain('Page 1 of 6');
  });

  it('says so when nothing matches, without paging buttons', async () => {
    const { calls } = await search('xylophone quasar');
    expect(contentOf(edit(calls))).toBe('No results for "xylophone quasar".');
    expect(embedsOf(edit(calls))).toEqual([]);
    expect(buttonsOf(edit(calls))).toEqual([]);
  });

  it('keeps other people out of someone\'s results and explains an expired search', async () => {
    const first = await search('memory');
    const messageId = String((edit(first.calls)?.response as Json).id);
    const customId = nextButton(edit(first.calls))?.custom_id ?? '';

    const stranger = await h.reply({ type: 3, customId, messageId, userId: FAKE_SECOND_USER_ID });
    expect(bodyOf(stranger.calls[0])).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(contentOf(stranger.calls[0])).toContain('someone else');

    const expired = await h.reply({ type: 3, customId: 'papers:page:gone:1', messageId });
    expect(contentOf(expired.calls[0])).toBe('This search has expired. Run /papers again.');
    expect(h.fake.message(messageId)?.content).toBe('Results for "memory" (1–5 of 6)');
  });

  it('carries a short search in its buttons, so paging works for a search this process never saw (a restart)', async () => {
    const first = await search('memory');
    const messageId = String((edit(first.calls)?.response as Json).id);
    expect(nextButton(edit(first.calls))?.custom_id).toBe(`papers:page:q:1:5:${FAKE_USER_ID}:memory`);
    // As a button left by an earlier process: its session key means nothing to this one.
    const customId = discordPageButtonId({ key: 'gone', query: 'memory', pageSize: 2, userId: FAKE_USER_ID }, 2);
    const later = await h.interact({ type: 3, customId, messageId }, (calls) => calls.some((call) => call.route === 'webhook.original.edit'));
    expect(contentOf(edit(later.calls))).toBe('Results for "memory" (5–6 of 6)');
    const stranger = await h.reply({ type: 3, customId, messageId, userId: FAKE_SECOND_USER_ID });
    expect(contentOf(stranger.calls[0])).toContain('someone else');
  });

  it('remembers a search too long for its buttons, and pages through it', async () => {
    const long = Array.from({ length: 12 }, () => 'memory').join(' ');
    const first = await search(long);
    const messageId = String((edit(first.calls)?.response as Json).id);
    const customId = nextButton(edit(first.calls))?.custom_id ?? '';
    expect(customId).toMatch(/^papers:page:[A-Za-z0-9_-]+:1$/u);
    const forward = await h.interact({ type: 3, customId, messageId }, (calls) => calls.some((call) => call.route === 'webhook.original.edit'));
    expect(contentOf(edit(forward.calls))).toMatch(/^Results for "memory memory .+" \(6–6 of 6\)$/u);
  });
});

describe('/papers autocomplete', () => {
  it('suggests titles from the local index for what was typed', async () => {
    const { calls } = await h.reply({ type: 4, name: 'papers', options: { query: 'evoar' } });
    expect(calls.map((call) => [call.route, call.status])).toEqual([['interaction.callback', 204]]);
    const data = bodyOf(calls[0]).data as { choices: { name: string; value: string }[] };
    expect(bodyOf(calls[0]).type).toBe(8);
    expect(data.choices[0]?.name).toMatch(/^EvoArena: Tracking Memory Evolution/u);
    expect(h.hf.requests.filter((request) => request.url.startsWith('/api/papers/search'))).toEqual([]);
  });

  it('offers the newest papers when nothing is typed, within Discord\'s 25 choices of 100 characters', async () => {
    const { calls } = await h.reply({ type: 4, name: 'papers', options: { query: '' } });
    const { choices } = bodyOf(calls[0]).data as { choices: { name: string; value: string }[] };
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
    }
  });

  it('answers odd input with an empty or valid list', async () => {
    for (const query of ['"', 'NEAR(', '*', '🤖', '\u200b', 'x'.repeat(300)]) {
      const { calls } = await h.reply({ type: 4, name: 'papers', options: { query } });
      expect(calls[0]?.status).toBe(204);
    }
  });
});

describe('/papers with hostile queries', () => {
  const HOSTILE = [
    ['5,000 characters', 'memory '.repeat(714)],
    ['a lone quote', '"'],
    ['an unclosed phrase', '"memory agents'],
    ['a star', '*'],
    ['NEAR(', 'NEAR(memory agents'],
    ['a leading minus', '-memory'],
    ['AND OR NOT', 'memory AND OR NOT'],
    ['column syntax', 'title:memory abstract:'],
    ['emoji', '🧠💾 memory 🤖'],
    ['zero-width characters', 'mem\u200bory\u200d\ufeff'],
    ['a mention', '@everyone <@4000000000000000004> memory'],
    ['markdown', '**memory** `agents` ||x||'],
    ['only punctuation', '()^:{}[]'],
  ] as const;

  it.each(HOSTILE)('answers %s with a valid message', async (_label, query) => {
    // Input with no searchable words gets the search help at once; the rest is searched.
    const { calls } = await h.interact({ name: 'papers', options: { query } }, (all) =>
      all.some((call) => call.route === 'webhook.original.edit' || bodyOf(call).type === 4));
    const reply = calls.at(-1);
    expect(reply?.status).toBe(reply?.route === 'webhook.original.edit' ? 200 : 204);
    expect(messageErrors(messageOf(reply))).toBeUndefined();
    expect(messageOf(reply).allowed_mentions).toEqual({ parse: [] });
    expect(contentOf(reply)).toMatch(/^(Results for "|No results for "|Type what to look for:)/u);
    expect(contentOf(reply).length).toBeLessThan(600);
  });

  it.each([['spaces', '   '], ['a lone quote', '"'], ['a star', '*']])('answers %s with how to search instead of searching', async (_label, query) => {
    const { calls } = await h.deferred({ name: 'papers', options: { query } });
    expect(calls.map((call) => call.route)).toEqual(['interaction.callback', 'webhook.original.edit']);
    expect(bodyOf(calls[0])).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    expect(messageOf(calls[1]).allowed_mentions).toEqual({ parse: [] });
    expect(contentOf(calls[1])).toContain('author:lecun');
    expect(h.hf.requests.filter((request) => request.url.startsWith('/api/papers/search'))).toEqual([]);
  });

  it('keeps serving after all of them', async () => {
    for (const [, query] of HOSTILE) h.fake.interaction({ name: 'papers', options: { query } });
    const { calls } = await search('memory');
    expect(embedsOf(edit(calls))[0]?.url).toBe(`https://huggingface.co/papers/${EVOARENA}`);
    expect(h.logs()).not.toMatch(/"level":50/u);
  });
});
