import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper.js';
import { digestToView, paperToCard, searchToView } from '../../src/formatter/card.js';
import { SLACK_LIMITS } from '../../src/formatter/limits.js';
import type { SlackBlock, SlackMessage } from '../../src/formatter/slack.js';
import { digestHeaderToSlackMessage, paperToSlackMessage, slackLinkUrl, slackMessageTextLength, slackMessageViolations } from '../../src/formatter/slack.js';
import { allFixturePapers, fixturePaper, loadFixturePapers } from '../support/papers.js';
import { parseSlackPagingValue } from '../../src/formatter/paging.js';
import { searchResultsToSlackMessage, slackPagingActions } from '../../src/formatter/slack-search.js';

function blockOf<T extends SlackBlock['type']>(message: SlackMessage, type: T, nth = 0): Extract<SlackBlock, { type: T }> {
  const found = message.blocks.filter((block): block is Extract<SlackBlock, { type: T }> => block.type === type)[nth];
  if (!found) throw new Error(`no ${type} block #${nth}`);
  return found;
}

describe('paperToSlackMessage', () => {
  it.each(allFixturePapers().map(({ file, paper }) => [`${file} ${paper.id}`, paper] as const))(
    'renders %s within every Block Kit limit',
    (_name, paper) => {
      const message = paperToSlackMessage(paperToCard(paper, { votes: 2 }));
      expect(slackMessageViolations(message)).toEqual([]);
      expect(message.unfurl_links).toBe(false);
      expect(message.unfurl_media).toBe(false);
    },
  );

  it('links the title, adds the thumbnail, details, link buttons and an upvote button', () => {
    const message = paperToSlackMessage(paperToCard(fixturePaper('2606.13681')));
    expect(message.text).toBe(fixturePaper('2606.13681').title);
    const title = blockOf(message, 'section');
    expect(title.text?.text).toMatch(/^\*<https:\/\/huggingface\.co\/papers\/2606\.13681\|EvoArena.*>\*$/);
    expect(title.accessory).toMatchObject({ type: 'image', image_url: expect.stringContaining('2606.13681.png') as unknown });
    const paper = fixturePaper('2606.13681');
    const context = blockOf(message, 'context');
    expect(context.elements.map((element) => ('text' in element ? element.text : ''))).toEqual([
      expect.stringMatching(new RegExp(`^${paper.authorCount} authors: .*, `, 'u')) as unknown,
      '2026-06-12',
      '▲ 118',
      ...(paper.comments > 0 ? [`💬 ${paper.comments} comment${paper.comments === 1 ? '' : 's'}`] : []),
      'Massachusetts Institute of Technology',
      '⭐ 9',
      `Submitted by <https://huggingface.co/${paper.submittedBy!.username}|${paper.submittedBy!.fullname ?? paper.submittedBy!.username}>`,
      expect.stringMatching(/^Keywords: /u) as unknown,
    ]);
    const actions = blockOf(message, 'actions');
    expect(actions.elements.map((button) => button.text.text)).toEqual([
      'Hugging Face',
      'arXiv',
      'PDF',
      'GitHub',
      'Project page',
      '⬆️ Upvote',
    ]);
    expect(actions.elements.at(-1)).toMatchObject({ action_id: 'paper_upvote', value: '2606.13681' });
  });

  it('says who shared a card above it, and only for a Slack user id', () => {
    const card = paperToCard(fixturePaper('2606.13681'));
    expect(paperToSlackMessage(card, { sharedBy: 'U0001' }).blocks[0]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Shared by <@U0001>', verbatim: true }] });
    expect(paperToSlackMessage(card, { sharedBy: '<!channel>' }).blocks[0]?.type).toBe('section');
  });

  it('escapes a title that would break the link label', () => {
    const paper: Paper = { ...fixturePaper('2606.13681'), title: 'A|B > C & <D>' };
    const message = paperToSlackMessage(paperToCard(paper));
    expect(blockOf(message, 'section').text?.text).toBe('*<https://huggingface.co/papers/2606.13681|A∣B &gt; C &amp; &lt;D&gt;>*');
    expect(message.text).toBe('A|B &gt; C &amp; &lt;D&gt;');
  });

  it('keeps literal tags from an abstract as text and links URLs', () => {
    const paper: Paper = {
      ...fixturePaper('2606.13174'),
      aiSummary: undefined,
      abstract: 'The model emits <swi> to enter latent mode. Code: https://github.com/YujunZhou/TRACE_exp, more.',
    };
    const blurb = blockOf(paperToSlackMessage(paperToCard(paper)), 'section', 1).text?.text;
    expect(blurb).toBe('The model emits &lt;swi&gt; to enter latent mode. Code: <https://github.com/YujunZhou/TRACE_exp>, more.');
  });

  it('cuts a long blurb to the 3000-character section limit', () => {
    const paper: Paper = { ...fixturePaper('2606.13174'), aiSummary: undefined, abstract: 'word & '.repeat(1000) };
    const blurb = blockOf(paperToSlackMessage(paperToCard(paper)), 'section', 1).text?.text ?? '';
    expect(blurb.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(blurb.endsWith('&amp;…') || blurb.endsWith('word…')).toBe(true);
  });

  it('shows community votes on the upvote button', () => {
    const message = paperToSlackMessage(paperToCard(fixturePaper('2606.13681'), { votes: 4 }));
    expect(blockOf(message, 'actions').elements.at(-1)?.text.text).toBe('⬆️ Upvote (4)');
  });
});

describe('digestHeaderToSlackMessage', () => {
  const papers = loadFixturePapers('hf-daily-papers_latest-batch_2026-06-12.json');

  it('names the day, the count and how to vote', () => {
    const message = digestHeaderToSlackMessage(digestToView('2026-06-12', papers.slice(0, 10), { totalAvailable: 30 }));
    expect(blockOf(message, 'header').text.text).toBe('Hugging Face Daily Papers · 2026-06-12');
    expect(blockOf(message, 'section').text?.text).toBe('Top 10 of 30 papers. React with :arrow_up: to upvote.');
    expect(slackMessageViolations(message)).toEqual([]);
  });

  it('says so when the day has no papers', () => {
    const message = digestHeaderToSlackMessage(digestToView('2026-06-13', []));
    expect(message.text).toBe('No papers on Hugging Face Daily Papers for 2026-06-13.');
    expect(slackMessageViolations(message)).toEqual([]);
  });
});

describe('searchResultsToSlackMessage', () => {
  const papers = loadFixturePapers('hf-papers-search_q-llama-3-herd_2025-05.json');

  it('shows a header, the range and a section with context per result', () => {
    const view = searchToView('llama 3 herd', papers.slice(0, 10), { page: 1, pageSize: 10, total: 11 });
    const message = searchResultsToSlackMessage(view);
    expect(slackMessageViolations(message)).toEqual([]);
    expect(blockOf(message, 'header').text.text).toBe('Results for "llama 3 herd"');
    expect(blockOf(message, 'context').elements[0]).toMatchObject({ text: '1–10 of 11 · page 1/2' });
    expect(message.blocks.filter((block) => block.type === 'section')).toHaveLength(10);
    expect(blockOf(message, 'section').text?.text).toMatch(/^\*<https:\/\/huggingface\.co\/papers\/2407\.21783\|1\. The Llama 3 Herd of Models>\*\n/);
  });

  it('puts a Share button beside each result when asked', () => {
    const view = searchToView('llama 3 herd', papers.slice(0, 3), { page: 1, pageSize: 3, total: 3 });
    const sections = searchResultsToSlackMessage(view, { share: true }).blocks.filter((block) => block.type === 'section');
    expect(sections.map((section) => section.accessory)).toEqual(
      papers.slice(0, 3).map((paper) => ({ type: 'button', text: { type: 'plain_text', text: 'Share', emoji: true }, action_id: 'paper_share', value: paper.id })),
    );
    expect(searchResultsToSlackMessage(view).blocks.some((block) => block.type === 'section' && block.accessory !== undefined)).toBe(false);
  });

  it('appends paging buttons that carry the query and page', () => {
    const view = searchToView('llama', papers.slice(0, 5), { page: 2, pageSize: 5, total: 11 });
    const paging = slackPagingActions({ query: view.query, page: view.page, pageCount: view.pageCount })!;
    const message = searchResultsToSlackMessage(view, { extraBlocks: [paging] });
    expect(message.blocks.at(-1)).toBe(paging);
    expect(paging.elements.map((button) => button.action_id)).toEqual(['search_prev', 'search_next']);
    expect(paging.elements.map((button) => parseSlackPagingValue(button.value ?? ''))).toEqual([
      { query: 'llama', page: 1 },
      { query: 'llama', page: 3 },
    ]);
    expect(slackMessageViolations(message)).toEqual([]);
  });

  it('drops results that would break the block limit and says so', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ...papers[i % papers.length]!, id: `2401.${String(10000 + i)}` }));
    const message = searchResultsToSlackMessage(searchToView('x', many, { page: 1, pageSize: 30, total: 30 }));
    expect(slackMessageViolations(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    const shown = message.blocks.filter((block) => block.type === 'section').length;
    expect(shown).toBeLessThan(30);
    expect(blockOf(message, 'context', 1 + shown).elements[0]).toMatchObject({
      text: `${30 - shown} more results not shown (message size limit)`,
    });
    expect(blockOf(message, 'context').elements[0]).toMatchObject({ text: `1–${shown} of 30 · page 1/1` });
  });

  it('keeps long results within the total text budget', () => {
    const long = papers.slice(0, 10).map((paper) => ({ ...paper, title: 'T'.repeat(3000), aiSummary: 'S & '.repeat(800) }));
    const message = searchResultsToSlackMessage(searchToView('x', long, { page: 1, pageSize: 10, total: 10 }));
    expect(slackMessageViolations(message)).toEqual([]);
    expect(slackMessageTextLength(message)).toBeLessThanOrEqual(SLACK_LIMITS.messageTextBudget);
    expect(message.blocks.filter((block) => block.type === 'section')).toHaveLength(10);
  });

  it('says there are no results and shows the note', () => {
    const view = searchToView('zzz', [], { page: 1, pageSize: 5, total: 0, note: 'Hugging Face search unreachable; local results only' });
    const message = searchResultsToSlackMessage(view);
    expect(blockOf(message, 'section').text?.text).toBe('No results for "zzz".');
    expect(blockOf(message, 'context').elements[0]).toMatchObject({ text: 'Hugging Face search unreachable; local results only' });
    expect(slackMessageViolations(message)).toEqual([]);
  });
});

describe('slackPagingActions', () => {
  it('has no buttons on a single page', () => {
    expect(slackPagingActions({ query: 'x', page: 1, pageCount: 1 })).toBeUndefined();
  });

  it('keeps a huge query within the 2000-character button value', () => {
    const paging = slackPagingActions({ query: '"\\'.repeat(3000), page: 1, pageCount: 2 })!;
    const value = paging.elements[0]!.value!;
    expect(value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
    expect(parseSlackPagingValue(value)?.page).toBe(2);
  });

  it.each(['', 'nope', '{"q":1,"p":2}', '{"q":"x","p":0}', '{"q":"x","p":1.5}', 'null'])(
    'rejects the foreign value %j',
    (value) => {
      expect(parseSlackPagingValue(value)).toBeUndefined();
    },
  );
});

describe('slackLinkUrl', () => {
  it('encodes characters that would end a Slack link', () => {
    expect(slackLinkUrl('https://a.io/x|y>z?a=1&b=2')).toBe('https://a.io/x%7Cy%3Ez?a=1&amp;b=2');
  });
});

describe('slackMessageViolations', () => {
  const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const ok = { text: 'hi', blocks: [section('hi')] };

  it.each([
    ['a missing fallback text', { blocks: [section('hi')] }, 'text: missing fallback text'],
    ['51 blocks', { text: 'hi', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }, 'blocks: 51 > 50'],
    ['a long section', { text: 'hi', blocks: [section('x'.repeat(3001))] }, 'blocks[0].text.text: 3001 > 3000'],
    ['an empty section', { text: 'hi', blocks: [section(' ')] }, 'blocks[0].text.text: empty'],
    ['a long header', { text: 'hi', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] }, 'blocks[0].text.text: 151 > 150'],
    ['a mrkdwn header', { text: 'hi', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }] }, 'blocks[0].text.type: mrkdwn not allowed'],
    ['11 context elements', { text: 'hi', blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'a' })) }] }, 'blocks[0].elements: 11, need 1..10'],
    ['a long button text', { text: 'hi', blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'x'.repeat(76) } }] }] }, 'blocks[0].elements[0].text.text: 76 > 75'],
    ['a long button value', { text: 'hi', blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', value: 'x'.repeat(2001), text: { type: 'plain_text', text: 'x' } }] }] }, 'blocks[0].elements[0].value: 2001 > 2000'],
    ['duplicate block ids', { text: 'hi', blocks: [{ type: 'divider', block_id: 'a' }, { type: 'divider', block_id: 'a' }] }, 'blocks: duplicate block_id'],
    ['text over the budget', { text: 'x'.repeat(2000), blocks: Array.from({ length: 4 }, () => section('x'.repeat(2500))) }, 'text budget: 12000 > 11000'],
    ['a lone surrogate', { text: 'hi\uDC00', blocks: [] }, 'payload: contains a lone surrogate'],
  ])('reports %s', (_name, payload, violation) => {
    expect(slackMessageViolations(payload)).toContain(violation);
  });

  it('accepts a small valid message', () => {
    expect(slackMessageViolations(ok)).toEqual([]);
  });
});
