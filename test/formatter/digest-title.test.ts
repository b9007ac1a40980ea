/** Digest headers that name their span of papers-days, on every renderer. */
import { describe, expect, it } from 'vitest';
import { digestPlanToView } from '../../src/formatter/card.js';
import { digestToConsoleText } from '../../src/formatter/console.js';
import { digestHeaderToDiscordMessage, discordMessageViolations } from '../../src/formatter/discord.js';
import { digestCountText, digestThreadName, digestTitle, spanLabel } from '../../src/formatter/digest-title.js';
import { digestHeaderToSlackMessage, slackMessageViolations } from '../../src/formatter/slack.js';
import { loadFixturePapers } from '../support/papers.js';

const papers = loadFixturePapers().slice(0, 7);
const span = { day: '2026-11-29', from: '2026-11-27', papers, availableCount: 41, maxPapers: 3 };

describe('digest titles', () => {
  it('name one papers-day as before, and a span by weekday, day and month', () => {
    expect(spanLabel('2026-06-12', '2026-06-12')).toBe('2026-06-12');
    expect(spanLabel('2026-11-27', '2026-11-29')).toBe('Fri 27 Nov – Sun 29 Nov 2026');
    expect(spanLabel('2026-12-30', '2027-01-02')).toBe('Wed 30 Dec 2026 – Sat 2 Jan 2027');
    expect(digestTitle(digestPlanToView(span))).toBe('Hugging Face Daily Papers · Fri 27 Nov – Sun 29 Nov 2026');
    expect(digestTitle(digestPlanToView({ ...span, from: '2026-11-23', cadence: 'weekly' }))).toBe('Hugging Face Weekly Papers · Mon 23 Nov – Sun 29 Nov 2026');
    expect(digestTitle(digestPlanToView({ day: 'unknown day', papers, availableCount: 7 }))).toBe('Hugging Face Daily Papers · unknown day');
  });

  it('say how max_papers applied and which late days are included', () => {
    expect(digestCountText(digestPlanToView(span))).toBe('Top 3 of each papers-day: 7 of 41 papers.');
    expect(digestCountText(digestPlanToView({ ...span, cadence: 'weekly' }))).toBe('Top 7 of 41 papers by Hugging Face upvotes and community votes.');
    expect(digestCountText(digestPlanToView({ ...span, cadence: 'weekly', votesWhere: 'in this server' }))).toBe('Top 7 of 41 papers by Hugging Face upvotes and votes in this server.');
    expect(digestCountText(digestPlanToView({ ...span, lateDays: ['2026-11-26'] }))).toBe('Top 3 of each papers-day: 7 of 41 papers. With late papers of Thu 26 Nov.');
    expect(digestCountText(digestPlanToView({ day: '2026-06-12', papers, availableCount: 30 }))).toBe('Top 7 of 30 papers.');
  });

  it('put the span in the header of every platform, within its limits', () => {
    const view = digestPlanToView(span, { voteEmoji: '⬆️' });
    const discord = digestHeaderToDiscordMessage(view);
    expect(discord.content).toBe('**Hugging Face Daily Papers · Fri 27 Nov – Sun 29 Nov 2026**\nTop 3 of each papers-day: 7 of 41 papers. React with ⬆️ to upvote.');
    expect(discordMessageViolations(discord)).toEqual([]);
    const slack = digestHeaderToSlackMessage(digestPlanToView(span, { voteEmoji: ':arrow_up:' }));
    expect(slack.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Hugging Face Daily Papers · Fri 27 Nov – Sun 29 Nov 2026', emoji: true } });
    expect(slackMessageViolations(slack)).toEqual([]);
    expect(digestToConsoleText(view).split('\n')[0]).toBe('Hugging Face Daily Papers · Fri 27 Nov – Sun 29 Nov 2026 · top 7 of 41');
    expect(digestThreadName(view)).toBe('Daily Papers 2026-11-27 – 2026-11-29');
  });

  it('name the whole span in a "no papers" note', () => {
    const note = digestPlanToView({ day: '2026-11-29', from: '2026-11-28', papers: [], availableCount: 0 });
    expect(digestHeaderToDiscordMessage(note).content).toBe('No papers on Hugging Face Daily Papers for Sat 28 Nov – Sun 29 Nov 2026.');
    expect(digestHeaderToSlackMessage(note).text).toBe('No papers on Hugging Face Daily Papers for Sat 28 Nov – Sun 29 Nov 2026.');
  });
});
