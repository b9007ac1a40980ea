import { describe, expect, it } from 'vitest';
import { digestToView, paperToCard, searchToView } from '../../src/formatter/card.js';
import type { DiscordActionRow, DiscordMessage } from '../../src/formatter/discord.js';
import { digestHeaderToDiscordMessage, discordMessageSize, discordMessageViolations, paperToDiscordMessage, toDiscordJsOptions } from '../../src/formatter/discord.js';
import { DISCORD_LIMITS } from '../../src/formatter/limits.js';
import { allFixturePapers, fixturePaper, loadFixturePapers } from '../support/papers.js';
import { searchResultsToDiscordMessage } from '../../src/formatter/discord-search.js';

function fieldValue(message: DiscordMessage, name: string): string | undefined {
  return message.embeds?.[0]?.fields?.find((field) => field.name === name)?.value;
}

describe('paperToDiscordMessage', () => {
  it.each(allFixturePapers().map(({ file, paper }) => [`${file} ${paper.id}`, paper] as const))(
    'renders %s within every Discord limit',
    (_name, paper) => {
      const message = paperToDiscordMessage(paperToCard(paper, { votes: 3, rank: 1 }));
      expect(discordMessageViolations(message)).toEqual([]);
      expect(message.allowed_mentions).toEqual({ parse: [] });
      expect(message.embeds).toHaveLength(1);
    },
  );

  it('shows title, link, blurb, fields, thumbnail, footer and link buttons', () => {
    const message = paperToDiscordMessage(paperToCard(fixturePaper('2606.13681')));
    const embed = message.embeds![0]!;
    expect(embed.url).toBe('https://huggingface.co/papers/2606.13681');
    expect(embed.thumbnail?.url).toBe('https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2606.13681.png');
    expect(embed.footer?.text).toBe('arXiv 2606.13681 · Hugging Face Daily Papers');
    const paper = fixturePaper('2606.13681');
    expect(embed.fields?.map((field) => field.name)).toEqual([
      `${paper.authorCount} authors`, 'Upvotes', 'Date', 'Organization', 'GitHub stars', 'Comments', 'Submitted by', 'Keywords',
    ]);
    expect(fieldValue(message, 'Upvotes')).toBe('118');
    expect(fieldValue(message, 'Comments')).toBe(String(paper.comments));
    const submitter = paper.submittedBy!;
    expect(fieldValue(message, 'Submitted by')).toBe(`[${submitter.fullname ?? submitter.username}](https://huggingface.co/${submitter.username})`);
    expect(fieldValue(message, 'Keywords')).toContain(paper.keywords[0]);
    expect(fieldValue(message, 'Date')).toBe('2026-06-12');
    expect(fieldValue(message, 'GitHub stars')).toBe('⭐ 9');
    const buttons = message.components![0]!.components;
    expect(buttons.map((button) => button.label)).toEqual(['Hugging Face', 'arXiv', 'PDF', 'GitHub', 'Project page']);
    expect(buttons.every((button) => button.style === 5)).toBe(true);
  });

  it('shows 0 upvotes and our community votes next to them', () => {
    const plain = paperToDiscordMessage(paperToCard(fixturePaper('2606.00467')));
    expect(fieldValue(plain, 'Upvotes')).toBe('0');
    const voted = paperToDiscordMessage(paperToCard(fixturePaper('2606.13681'), { votes: 3, votesWhere: 'across Discord and Slack' }));
    expect(fieldValue(voted, 'Upvotes')).toBe('118 on HF · 3 votes across Discord and Slack');
  });

  it('fits the 533-author paper with "first names, +N more"', () => {
    const message = paperToDiscordMessage(paperToCard(fixturePaper('2407.21783')));
    const authors = fieldValue(message, '533 authors')!;
    expect(authors).toMatch(/^Abhimanyu Dubey, Abhinav Jauhri, .*, \+\d+ more$/);
    const shown = authors.split(', ').length - 1;
    expect(authors.endsWith(`+${533 - shown} more`)).toBe(true);
    expect(discordMessageViolations(message)).toEqual([]);
  });

  it('keeps the underscore in a URL inside the description', () => {
    const message = paperToDiscordMessage(paperToCard({ ...fixturePaper('2606.13174'), aiSummary: undefined }));
    expect(message.embeds![0]!.description).toContain('https://github.com/YujunZhou/TRACE_exp');
  });

  it('ranks the paper in the footer and names search-only papers differently', () => {
    const message = paperToDiscordMessage(paperToCard(fixturePaper('2404.04487'), { rank: 2 }));
    expect(message.embeds![0]!.footer?.text).toBe('#2 · arXiv 2404.04487 · Hugging Face Papers');
  });

  it('names a single author "1 author" and says who shared a card, without pinging', () => {
    const paper = { ...fixturePaper('2606.13681'), authors: ['Ada Lovelace'], authorCount: 1 };
    const message = paperToDiscordMessage(paperToCard(paper), { sharedBy: '4000000000000000004' });
    expect(message.embeds![0]!.fields?.[0]).toEqual({ name: '1 author', value: 'Ada Lovelace', inline: false });
    expect(message.content).toBe('Shared by <@4000000000000000004>');
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(paperToDiscordMessage(paperToCard(paper), { sharedBy: '@everyone' }).content).toBeUndefined();
  });

  it('omits the Organization and GitHub fields when the paper has neither', () => {
    const message = paperToDiscordMessage(paperToCard(fixturePaper('2607.28308')));
    const names = message.embeds![0]!.fields?.map((field) => field.name);
    expect(names?.slice(0, 3)).toEqual([`${fixturePaper('2607.28308').authorCount} authors`, 'Upvotes', 'Date']);
    expect(names).not.toContain('Organization');
    expect(names).not.toContain('GitHub stars');
    expect(message.components![0]!.components).toHaveLength(3);
  });
});

describe('digestHeaderToDiscordMessage', () => {
  const papers = loadFixturePapers('hf-daily-papers_latest-batch_2026-06-12.json');

  it('names the day, the count and how to vote', () => {
    const view = digestToView('2026-06-12', papers.slice(0, 10), { totalAvailable: 30, voteEmoji: '⬆️' });
    const message = digestHeaderToDiscordMessage(view);
    expect(message.content).toBe('**Hugging Face Daily Papers · 2026-06-12**\nTop 10 of 30 papers. React with ⬆️ to upvote.');
    expect(discordMessageViolations(message)).toEqual([]);
  });

  it('says so when the day has no papers', () => {
    const message = digestHeaderToDiscordMessage(digestToView('2026-06-13', []));
    expect(message.content).toBe('No papers on Hugging Face Daily Papers for 2026-06-13.');
  });

  it('uses a custom vote hint', () => {
    const view = digestToView('2026-06-12', papers.slice(0, 2), { voteHint: 'Vote with 🔥.' });
    expect(digestHeaderToDiscordMessage(view).content).toBe('**Hugging Face Daily Papers · 2026-06-12**\n2 papers. Vote with 🔥.');
  });
});

describe('searchResultsToDiscordMessage', () => {
  const papers = loadFixturePapers('hf-papers-search_q-llama-3-herd_2025-05.json');

  it('shows up to 10 compact embeds within the 6000 total', () => {
    const view = searchToView('llama 3 herd', papers.slice(0, 10), { page: 1, pageSize: 10, total: 11 });
    const message = searchResultsToDiscordMessage(view);
    expect(message.content).toBe('Results for "llama 3 herd" (1–10 of 11)');
    expect(message.embeds).toHaveLength(10);
    expect(discordMessageSize(message)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(discordMessageViolations(message)).toEqual([]);
    const first = message.embeds![0]!;
    expect(first.title).toBe('1. The Llama 3 Herd of Models');
    expect(first.description).toContain('+');
    expect(first.description).toContain('2024-07-31 · ▲ 115');
  });

  it('gives every result the arXiv, PDF and GitHub links of a digest post, the author count and a Share button', () => {
    const all = loadFixturePapers();
    const daily = [fixturePaper('2606.13392'), ...all.filter((paper) => paper.id !== '2606.13392').slice(0, 6)];
    const view = searchToView('msa', daily, { page: 1, pageSize: 7, total: 7 });
    const message = searchResultsToDiscordMessage(view, { share: true });
    const github = 0;
    const embed = message.embeds![github]!;
    expect(embed.description).toContain('[arXiv](https://arxiv.org/abs/2606.13392) · [PDF](https://arxiv.org/pdf/2606.13392) · [GitHub ⭐ 251](https://github.com/MiniMax-AI/MSA)');
    expect(embed.description).toMatch(new RegExp(`${daily[github]!.authorCount} authors: `, 'u'));
    const rows = message.components!;
    expect(rows.map((row) => row.components.length)).toEqual([5, 2]);
    expect(rows.flatMap((row) => row.components).map((button) => ('custom_id' in button ? button.custom_id : ''))).toEqual(
      daily.map((paper) => `paper:share:${paper.id}`),
    );
    expect(rows[0]!.components[0]!.label).toBe('Share #1');
    expect(discordMessageViolations(message)).toEqual([]);
  });

  it('escapes the query and adds the note and extra components', () => {
    const view = searchToView('@everyone **x**', papers.slice(0, 2), {
      page: 2,
      pageSize: 2,
      total: 11,
      note: 'Hugging Face search unreachable; local results only',
    });
    const paging: DiscordActionRow = {
      type: 1,
      components: [{ type: 2, style: 2, label: 'Next', custom_id: 'search_next:abc' }],
    };
    const message = searchResultsToDiscordMessage(view, { components: [paging] });
    expect(message.content).toBe(
      'Results for "@\u200Beveryone \\*\\*x\\*\\*" (3–4 of 11)\nHugging Face search unreachable; local results only',
    );
    expect(message.components).toEqual([paging]);
    expect(discordMessageViolations(message)).toEqual([]);
  });

  it('says there are no results', () => {
    const message = searchResultsToDiscordMessage(searchToView('zzz', [], { page: 1, pageSize: 5, total: 0 }));
    expect(message.content).toBe('No results for "zzz".');
    expect(message.embeds).toBeUndefined();
    expect(discordMessageViolations(message)).toEqual([]);
  });

  it('keeps only the first 10 results when given more', () => {
    const many = [...papers, ...papers].map((paper, i) => ({ ...paper, id: `2401.${String(10000 + i)}` }));
    const message = searchResultsToDiscordMessage(searchToView('x', many, { page: 1, pageSize: 22, total: 22 }));
    expect(message.embeds).toHaveLength(DISCORD_LIMITS.embedsPerMessage);
    expect(message.content).toBe('Results for "x" (1–10 of 22)');
  });
});

describe('discordMessageSize', () => {
  it('counts the trimmed title, description, fields, footer and author of every embed', () => {
    const size = discordMessageSize({
      content: 'not counted',
      embeds: [
        { title: '  ab  ', description: 'cde\n', fields: [{ name: 'f', value: ' g ' }], footer: { text: 'hi' }, author: { name: 'j' } },
        { title: 'k', url: 'https://not.counted/' },
      ],
    });
    expect(size).toBe(2 + 3 + 1 + 1 + 2 + 1 + 1);
  });
});

describe('discordMessageViolations', () => {
  const ok = { content: 'hi', allowed_mentions: { parse: [] } };

  it.each([
    ['content over 2000', { ...ok, content: 'x'.repeat(2001) }, 'content: 2001 > 2000'],
    ['missing allowed_mentions', { content: 'hi' }, 'allowed_mentions: must be { parse: [] }'],
    ['pings allowed', { content: 'hi', allowed_mentions: { parse: ['everyone'] } }, 'allowed_mentions: must be { parse: [] }'],
    ['an empty message', { allowed_mentions: { parse: [] } }, 'message: no content, embeds or components'],
    ['11 embeds', { ...ok, embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }, 'embeds: 11 > 10'],
    ['a long title', { ...ok, embeds: [{ title: 'x'.repeat(257) }] }, 'embeds[0].title: 257 > 256'],
    ['an empty field value', { ...ok, embeds: [{ fields: [{ name: 'a', value: ' ' }] }] }, 'embeds[0].fields[0].value: empty'],
    ['over 6000 in all', { ...ok, embeds: [{ description: 'x'.repeat(4000) }, { description: 'y'.repeat(2001) }] }, 'embeds total: 6001 > 6000'],
    ['6 buttons in a row', { ...ok, components: [{ type: 1, components: Array.from({ length: 6 }, () => ({ type: 2, style: 5, label: 'a', url: 'https://a.b' })) }] }, 'components[0].components: 6 buttons, need 1..5'],
    ['a long button label', { ...ok, components: [{ type: 1, components: [{ type: 2, style: 1, label: 'x'.repeat(81), custom_id: 'a' }] }] }, 'components[0].components[0].label: 81 > 80'],
    ['a link button without http', { ...ok, components: [{ type: 2 }] }, 'components[0]: not an action row'],
    ['a lone surrogate', { ...ok, content: 'a\uD800' }, 'content: contains a lone surrogate'],
  ])('reports %s', (_name, payload, violation) => {
    expect(discordMessageViolations(payload)).toContain(violation);
  });

  it('accepts a small valid message', () => {
    expect(discordMessageViolations(ok)).toEqual([]);
  });
});

describe('toDiscordJsOptions', () => {
  it('renames allowed_mentions for discord.js and keeps the rest', () => {
    const message = paperToDiscordMessage(paperToCard(fixturePaper('2606.13681')));
    const options = toDiscordJsOptions(message);
    expect(options.allowedMentions).toEqual({ parse: [] });
    expect(options).not.toHaveProperty('allowed_mentions');
    expect(options.embeds).toBe(message.embeds);
  });
});
