/**
 * Every size limit the formatters respect, in one place. Platform numbers come from
 * the team notes' chat-platforms.md §1 (Discord API docs, @slack/types JSDoc); the
 * `*_BUDGETS` objects are our own layout choices, kept well inside those limits.
 * Lengths are UTF-16 code units (JS `.length`), which is how Discord counts.
 */

export const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** title + description + field names/values + footer + author, trimmed, over all embeds. */
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  /** Link-button `url` (Discord component docs). */
  buttonUrl: 512,
  customId: 100,
} as const;

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  /** Any text object not covered by a stricter rule (context elements included). */
  textObject: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  imageUrl: 3000,
  imageAltText: 2000,
  /**
   * Our cap on all text in blocks plus the fallback `text`. Slack's real limit is undocumented
   * (`msg_blocks_too_long` reported near 13.2k, bolt-js #2509); stay well under it.
   */
  messageTextBudget: 11_000,
} as const;

/** Layout choices for Discord messages (not platform limits). */
export const DISCORD_BUDGETS = {
  /** The Authors field of a single-paper embed; keeps 533-author papers readable. */
  authors: 400,
  /** Organization field value. */
  organization: 200,
  /** The submitter's display name (field value and detail lines). */
  submitter: 100,
  /** Hugging Face's AI keywords of a paper, joined. */
  keywords: 200,
  /** The arXiv · PDF · GitHub · Project links line of a search result. */
  searchLinks: 400,
  /** Quoted query shown in a search result's content line. */
  query: 100,
  /** Per-result share of the 6000 embed total in a search message, at most this much. */
  searchEmbed: 600,
  /** Title part of a search result embed. */
  searchTitle: 200,
  /** Authors inside a search result's detail line. */
  searchAuthors: 120,
  searchOrganization: 60,
  /** Note line under a search result header. */
  note: 300,
} as const;

/** Layout choices for Slack messages (not platform limits). */
export const SLACK_BUDGETS = {
  /** Linked title inside a section's mrkdwn. */
  title: 400,
  authors: 300,
  organization: 150,
  /** One-line summary under a search result title. */
  searchSummary: 400,
  submitter: 100,
  keywords: 200,
  searchAuthors: 150,
  /** Quoted query inside the header block. */
  query: 100,
  /** Plain-text fallback `text` of a message. */
  fallback: 300,
  note: 300,
} as const;

/** Limits of the platform-neutral card. */
export const CARD_LIMITS = {
  /** One-line summary: HF's ai_summary (≤256 seen) or the abstract's first sentence. */
  oneLine: 300,
  /** The plain authors line kept on the card (the console shows it as is). */
  authorsLine: 300,
  /** A Hugging Face user name in a URL (HF allows far fewer; a longer one is not linked). */
  slug: 100,
  /** A first "sentence" shorter than this is probably an abbreviation cut ("e.g."). */
  minSentence: 20,
} as const;

export const CONSOLE_LIMITS = {
  defaultWidth: 100,
  minWidth: 40,
  /** Summary under each console entry. */
  summary: 400,
} as const;

/** Layout choices for a follow alert (one direct message per person and papers-day). */
export const ALERT_BUDGETS = {
  /**
   * Papers listed in one alert; more say "and N more". Ten is Discord's embeds per message,
   * and on Slack ten sections of at most `slackEntry` stay far inside the text budget.
   */
  papers: 10,
  /** One paper's embed on Discord: ten of them and the content stay under the 6000 total. */
  discordEmbed: 550,
  discordTitle: 200,
  discordAuthors: 120,
  /** One paper's section on Slack. */
  slackEntry: 900,
  slackSummary: 300,
  slackAuthors: 150,
} as const;
