import { describe, expect, it } from 'vitest';
import { alertToDiscordMessage } from '../../src/formatter/discord-alert.js';
import { discordMessageViolations } from '../../src/formatter/discord.js';
import { ALERT_BUDGETS } from '../../src/formatter/limits.js';
import { alertToSlackMessage } from '../../src/formatter/slack-alert.js';
import { paperActionsBlock, slackMessageViolations } from '../../src/formatter/slack.js';
import { paperToCard } from '../../src/formatter/card.js';
import { parseDiscordUpvoteButtonId } from '../../src/formatter/paper-buttons.js';
import { makePaper } from '../support/papers.js';

const DAY = '2026-06-12';
const many = (count: number) => Array.from({ length: count }, (_, i) =>
  makePaper(`2606.${String(i + 1).padStart(5, '0')}`, {
    title: `A long title about state space models ${'and memory '.repeat(20)} #${i + 1}`,
    abstract: 'Abstract. '.repeat(300),
    authors: Array.from({ length: 40 }, (_, a) => `Author Number ${a}`),
    authorCount: 40,
    upvotes: 100 - i,
    githubRepo: 'https://github.com/example/repo',
    githubStars: 1234,
    projectPage: 'https://example.org/project',
    papersDay: DAY,
  }));

describe('follow alert formatters', () => {
  it('Discord: names the day and the count, one linked embed per paper within every limit', () => {
    const message = alertToDiscordMessage({ day: DAY, papers: many(3) });
    expect(discordMessageViolations(message)).toEqual([]);
    expect(message.content?.split('\n')).toEqual([`**New papers for your follows · ${DAY}**`, '3 new papers matched what you follow.']);
    expect(message.embeds?.map((embed) => embed.url)).toEqual(['2606.00001', '2606.00002', '2606.00003'].map((id) => `https://huggingface.co/papers/${id}`));
    expect(message.embeds?.[0]?.description).toContain('[arXiv](https://arxiv.org/abs/2606.00001)');
    expect(message.allowed_mentions.parse).toEqual([]);
  });

  it('Discord: numbers the papers and gives each an Upvote button that names the paper and the server the follow was made in', () => {
    const message = alertToDiscordMessage({ day: DAY, papers: many(ALERT_BUDGETS.papers) }, { workspaceId: '123456789012345678' });
    expect(discordMessageViolations(message)).toEqual([]);
    expect(message.embeds?.[1]?.title).toMatch(/^2\. A long title/u);
    const buttons = message.components?.flatMap((row) => row.components) ?? [];
    expect(message.components).toHaveLength(2);
    expect(buttons.map((button) => button.label)).toEqual(Array.from({ length: ALERT_BUDGETS.papers }, (_, i) => `▲ Upvote #${i + 1}`));
    const first = buttons[0];
    expect(first !== undefined && 'custom_id' in first ? parseDiscordUpvoteButtonId(first.custom_id) : undefined)
      .toEqual({ paperId: '2606.00001', workspaceId: '123456789012345678' });
  });

  it(`Discord: caps the list at ${ALERT_BUDGETS.papers} embeds and says how many more, with the day's page`, () => {
    const message = alertToDiscordMessage({ day: DAY, papers: many(23) });
    expect(discordMessageViolations(message)).toEqual([]);
    expect(message.embeds).toHaveLength(ALERT_BUDGETS.papers);
    expect(message.content).toContain('23 new papers');
    expect(message.content).toContain(`…and 13 more: <https://huggingface.co/papers/date/${DAY}>`);
  });

  it('Slack: a header, the count, one section per paper within every limit', () => {
    const message = alertToSlackMessage({ day: DAY, papers: many(2) });
    expect(slackMessageViolations(message)).toEqual([]);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: `New papers for your follows · ${DAY}`, emoji: true } });
    const sections = message.blocks.filter((block) => block.type === 'section');
    expect(sections).toHaveLength(3);
    expect(JSON.stringify(sections[1])).toContain('<https://huggingface.co/papers/2606.00001|');
    expect(message.text).toContain('2 new papers matched');
    // Each paper has a channel post's link buttons and Upvote button, which names the paper.
    const actions = message.blocks.filter((block) => block.type === 'actions');
    expect(actions.map((block) => block.block_id)).toEqual(['paper:2606.00001:1', 'paper:2606.00002:2']);
    expect(actions[0]).toEqual({ ...paperActionsBlock(paperToCard(many(1)[0]!)), block_id: 'paper:2606.00001:1' });
    expect(JSON.stringify(actions[0])).toContain('"action_id":"paper_upvote","value":"2606.00001"');
  });

  it(`Slack: caps the list at ${ALERT_BUDGETS.papers} sections and says how many more`, () => {
    const message = alertToSlackMessage({ day: DAY, papers: many(40) });
    expect(slackMessageViolations(message)).toEqual([]);
    expect(message.blocks.filter((block) => block.type === 'section')).toHaveLength(ALERT_BUDGETS.papers + 1);
    expect(JSON.stringify(message.blocks.at(-1))).toContain('…and 30 more: <https://huggingface.co/papers/date/2026-06-12|the day on Hugging Face>');
  });
});
