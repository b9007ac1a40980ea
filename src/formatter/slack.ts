/**
 * Slack Block Kit payloads. Paper text goes into `verbatim` mrkdwn (Slack then never turns
 * words into mentions or links on its own); we escape `& < >` and write URL links ourselves.
 */
import { authorsWithCount, votesPhrase, type DigestView, type PaperCard } from './card.js';
import { digestCountText, digestTitle, emptyDigestText } from './digest-title.js';
import { SLACK_BUDGETS, SLACK_LIMITS } from './limits.js';
import { escapeSlackText, slackMrkdwnFromPlain, truncate, truncateFormatted } from './text.js';

export { slackMessageTextLength, slackMessageViolations } from './slack-validate.js';

export interface SlackPlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface SlackMrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim?: boolean;
}
export type SlackText = SlackPlainText | SlackMrkdwn;
export interface SlackImageElement {
  type: 'image';
  image_url: string;
  alt_text: string;
}
export interface SlackButtonElement {
  type: 'button';
  text: SlackPlainText;
  action_id: string;
  url?: string;
  value?: string;
  style?: 'primary' | 'danger';
}
export interface SlackSectionBlock {
  type: 'section';
  block_id?: string;
  text?: SlackText;
  fields?: SlackText[];
  accessory?: SlackImageElement | SlackButtonElement;
}
export interface SlackHeaderBlock {
  type: 'header';
  block_id?: string;
  text: SlackPlainText;
}
export interface SlackContextBlock {
  type: 'context';
  block_id?: string;
  elements: (SlackText | SlackImageElement)[];
}
export interface SlackActionsBlock {
  type: 'actions';
  block_id?: string;
  elements: SlackButtonElement[];
}
export interface SlackDividerBlock {
  type: 'divider';
  block_id?: string;
}
export type SlackBlock = SlackSectionBlock | SlackHeaderBlock | SlackContextBlock | SlackActionsBlock | SlackDividerBlock;

export interface SlackMessage {
  /** Notification and screen-reader fallback. */
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

export const SLACK_ACTION_IDS = {
  upvote: 'paper_upvote',
  /** "Share" on a search result: posts the paper's card in the channel. */
  share: 'paper_share',
  /** Link buttons still send an action to the app, which must ack it. */
  linkPrefix: 'paper_link_',
  searchPrev: 'search_prev',
  searchNext: 'search_next',
} as const;

export const mrkdwn = (text: string): SlackMrkdwn => ({ type: 'mrkdwn', text, verbatim: true });
export const plain = (text: string): SlackPlainText => ({ type: 'plain_text', text, emoji: true });
export const message = (text: string, blocks: SlackBlock[]): SlackMessage => ({
  text,
  blocks,
  unfurl_links: false,
  unfurl_media: false,
});

/** A link label must also not contain `|`, which would end it; `>` is already `&gt;`. */
function linkLabel(text: string): string {
  return escapeSlackText(text).replace(/\|/g, '∣');
}

/** `<url|label>` needs a URL without `|`, `<`, `>` or spaces, with `&` escaped. */
export function slackLinkUrl(url: string): string {
  return escapeSlackText(url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c)));
}

/** `*<url|prefix title>*` within `max` characters. */
export function linkedTitle(card: PaperCard, max: number, prefix = ''): string {
  const open = `*<${slackLinkUrl(card.url)}|${prefix}`;
  return `${open}${truncateFormatted(card.title, max - open.length - 2, linkLabel)}>*`;
}

function upvotesText(card: PaperCard): string {
  return card.votes === undefined ? `▲ ${card.upvotes}` : `▲ ${card.upvotes} on HF · ${votesPhrase(card.votes, card.votesWhere)}`;
}

/** Plain (unescaped) detail parts: authors with their count, date, upvotes, comments, organization, stars. */
export function detailParts(card: PaperCard, authorsMax: number, withStars: boolean): string[] {
  const parts = [
    authorsWithCount(card, authorsMax),
    card.date ?? '',
    upvotesText(card),
    card.comments > 0 ? `💬 ${card.comments} comment${card.comments === 1 ? '' : 's'}` : '',
    card.organization ? truncate(card.organization, SLACK_BUDGETS.organization) : '',
    withStars && card.github?.stars !== undefined ? `⭐ ${card.github.stars.toLocaleString('en-US')}` : '',
  ];
  return parts.filter((part) => part.length > 0);
}

/** "Submitted by <url|AK>" and the AI keywords, as context elements (mrkdwn, escaped). */
function provenanceElements(card: PaperCard): SlackMrkdwn[] {
  const elements: SlackMrkdwn[] = [];
  if (card.submittedBy) {
    const { url } = card.submittedBy;
    const name = truncateFormatted(card.submittedBy.name, SLACK_BUDGETS.submitter, linkLabel);
    elements.push(mrkdwn(url === undefined ? `Submitted by ${name}` : `Submitted by <${slackLinkUrl(url)}|${name}>`));
  }
  if (card.keywords.length > 0) {
    elements.push(mrkdwn(truncateFormatted(`Keywords: ${card.keywords.join(', ')}`, SLACK_BUDGETS.keywords, escapeSlackText)));
  }
  return elements;
}

function linkButtons(card: PaperCard): SlackButtonElement[] {
  return card.links
    .filter((link) => link.url.length <= SLACK_LIMITS.buttonUrl)
    .map((link, i) => ({
      type: 'button',
      text: plain(truncate(link.label, SLACK_LIMITS.buttonText)),
      action_id: `${SLACK_ACTION_IDS.linkPrefix}${i}`,
      url: link.url,
    }));
}

/**
 * A paper's link buttons and its Upvote button, as every card has them (channel posts, unfurls,
 * follow alerts): the button names the paper, so it works wherever the message is.
 */
export function paperActionsBlock(card: PaperCard): SlackBlock {
  const upvote: SlackButtonElement = {
    type: 'button',
    text: plain(card.votes === undefined ? '⬆️ Upvote' : `⬆️ Upvote (${card.votes})`),
    action_id: SLACK_ACTION_IDS.upvote,
    value: card.id,
  };
  return {
    type: 'actions',
    block_id: `paper:${card.id}`.slice(0, SLACK_LIMITS.blockId),
    elements: [...linkButtons(card), upvote].slice(-SLACK_LIMITS.actionsElements),
  };
}

/** Slack user ids are upper-case letters and digits; anything else is not put in a mention. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{1,20}$/u;

/** "Shared by @person" above a card someone shared; undefined for anything but a user id. */
export function sharedByBlock(userId: string | undefined): SlackContextBlock | undefined {
  if (userId === undefined || !SLACK_USER_ID.test(userId)) return undefined;
  return { type: 'context', elements: [mrkdwn(`Shared by <@${userId}>`)] };
}

/**
 * One paper: linked title (with thumbnail), blurb, details, link buttons and an upvote button;
 * a card someone shared says who, above it.
 */
export function paperToSlackMessage(card: PaperCard, options: { sharedBy?: string | undefined } = {}): SlackMessage {
  const title: SlackSectionBlock = { type: 'section', text: mrkdwn(linkedTitle(card, SLACK_BUDGETS.title)) };
  if (card.thumbnail && card.thumbnail.length <= SLACK_LIMITS.imageUrl) {
    title.accessory = { type: 'image', image_url: card.thumbnail, alt_text: truncate(card.title, SLACK_BUDGETS.fallback) };
  }
  const shared = sharedByBlock(options.sharedBy);
  const blocks: SlackBlock[] = shared === undefined ? [title] : [shared, title];
  const blurb = truncateFormatted(card.blurb, SLACK_LIMITS.sectionText, slackMrkdwnFromPlain);
  if (blurb.trim()) blocks.push({ type: 'section', text: mrkdwn(blurb) });
  const details = [
    ...detailParts(card, SLACK_BUDGETS.authors, true).map((part) => mrkdwn(truncateFormatted(part, SLACK_LIMITS.textObject, escapeSlackText))),
    ...provenanceElements(card),
  ].slice(0, SLACK_LIMITS.contextElements);
  blocks.push({ type: 'context', elements: details });
  blocks.push(paperActionsBlock(card));
  return message(truncateFormatted(card.title, SLACK_BUDGETS.fallback, escapeSlackText), blocks);
}

/** The message posted above a digest's papers: what it covers, count, how to vote. */
export function digestHeaderToSlackMessage(view: DigestView): SlackMessage {
  const heading = truncate(digestTitle(view), SLACK_LIMITS.headerText);
  if (view.papers.length === 0) {
    const text = escapeSlackText(emptyDigestText(view));
    return message(text, [{ type: 'header', text: plain(heading) }, { type: 'section', text: mrkdwn(text) }]);
  }
  const count = digestCountText(view);
  const hint = view.voteHint ?? `React with ${view.voteEmoji ?? ':arrow_up:'} to upvote.`;
  const body = truncate(`${escapeSlackText(count)} ${hint}`, SLACK_LIMITS.sectionText);
  return message(escapeSlackText(`${heading}: ${count}`), [
    { type: 'header', text: plain(heading) },
    { type: 'section', text: { type: 'mrkdwn', text: body } },
  ]);
}

