/**
 * `/papers` as only Discord does it, beside the chat-platform contract (test/contracts/): the
 * limit option, paging buttons that only the asker may press and that carry their search
 * across a restart, and title autocomplete.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_SECOND_USER_ID, FAKE_USER_ID, type Json, type RecordedRequest } from '../../fakes/discord/index.js';
import { EPHEMERAL, bodyOf, contentOf, messageOf, startDiscordHarness, type DiscordHarness } from './harness.js';
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
const search = (query: string, extra: Record<string, string | number> = {}) => h.deferred({ name: 'papers', options: { query, ...extra } });
const edit = (calls: RecordedRequest[]) => calls.find((call) => call.route === 'webhook.original.edit');

describe('/papers <query>', () => {
  it('honours limit: one result per page', async () => {
    const { calls } = await search('memory', { limit: 1 });
    expect(embedsOf(edit(calls))).toHaveLength(1);
    expect(contentOf(edit(calls))).toBe('Results for "memory" (1–1 of 6)');
    // A Share button per result, then the paging row, which stays in place on the first page, Previous disabled.
    expect(buttonsOf(edit(calls)).map((button) => [button.label, button.disabled])).toEqual([['Share #1', undefined], ['◀ Previous', true], ['Page 1 of 6', true], ['Next ▶', false]]);
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
    // On the last page Next stays in place, disabled.
    expect(nextButton(edit(later.calls))?.disabled).toBe(true);
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
