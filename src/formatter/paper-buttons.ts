/**
 * What the buttons on a paper carry on Discord, and how it is read back: "Share" on a search
 * result posts that paper's card in the channel; "Upvote" on a follow alert (a direct message,
 * where a reaction could not tell several papers apart) toggles the clicker's vote. A custom_id
 * holds at most 100 characters; an arXiv id and a snowflake take 30.
 */

export const SHARE_BUTTON_PREFIX = 'paper:share:';
export const UPVOTE_BUTTON_PREFIX = 'paper:upvote:';

const ARXIV_ID = '\\d{4}\\.\\d{4,5}';
const SHARE = new RegExp(`^paper:share:(${ARXIV_ID})$`, 'u');
/** The server the alert's follow was made in rides along, for votes counted per community. */
const UPVOTE = new RegExp(`^paper:upvote:(${ARXIV_ID})(?::(\\d{1,25}))?$`, 'u');

export function discordShareButtonId(paperId: string): string {
  return `${SHARE_BUTTON_PREFIX}${paperId}`;
}

export function parseDiscordShareButtonId(customId: string): string | undefined {
  return SHARE.exec(customId)?.[1];
}

export function discordUpvoteButtonId(paperId: string, workspaceId?: string): string {
  return workspaceId === undefined ? `${UPVOTE_BUTTON_PREFIX}${paperId}` : `${UPVOTE_BUTTON_PREFIX}${paperId}:${workspaceId}`;
}

export function parseDiscordUpvoteButtonId(customId: string): { paperId: string; workspaceId?: string | undefined } | undefined {
  const match = UPVOTE.exec(customId);
  if (match?.[1] === undefined) return undefined;
  return { paperId: match[1], workspaceId: match[2] };
}
