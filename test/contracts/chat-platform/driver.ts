/**
 * What the chat-platform contract needs from a platform: a person's actions (slash commands,
 * paging buttons, reactions) and readouts of what the bot answered and posted, turned from the
 * platform's wire shapes into plain values. Each driver starts the real bot against its
 * loopback fake and, on every answer it reads, also checks what its platform demands of the
 * wire (Discord: defer before edit, mentions off, the fake's limits; Slack: the ack, then the
 * response_url answer within Block Kit's limits), so the contract can speak of behaviour only.
 */
import type { ChannelRef } from '../../../src/core/channels.js';
import type { HfServer } from '../../fakes/hf/server.js';

/** Who acts: someone allowed to change the channel's digest, two members, and another bot. */
export type Person = 'admin' | 'alice' | 'bob' | 'otherBot';
/** The channel the contract mostly uses, and a second one. */
export type Place = 'main' | 'other';

export interface Reply {
  readonly text: string;
  /** Shown only to the person who asked. */
  readonly ephemeral: boolean;
}

export interface SearchCard {
  /** With its rank, e.g. `1. EvoArena: …`. */
  readonly title: string;
  readonly url: string;
  /** The one-line summary, then authors · date · upvotes · organization. */
  readonly details: string;
  /** Presses the result's Share button as `by` and returns the answer only they see. */
  readonly share: (by?: Person) => Promise<Reply>;
}

export interface SearchAnswer extends Reply {
  /** Results, a "no results" answer, or how to search (a query with nothing to search for). */
  readonly kind: 'results' | 'none' | 'help';
  /** `Results for "memory"`, or `No results for "…".`; empty for help. */
  readonly heading: string;
  /** `1–5 of 6` on a results page. */
  readonly range?: string | undefined;
  /** `2 of 3`, where the answer shows which page it is. */
  readonly page?: string | undefined;
  /** A note under the results (partial or capped results). */
  readonly note?: string | undefined;
  readonly cards: readonly SearchCard[];
  /** Labels of every paging control shown, usable or not. */
  readonly buttons: readonly string[];
  /** Whether this page took the place of the answer it was paged from (no new message). */
  readonly replacedPrevious: boolean;
  /** Presses the usable Next button; undefined when there is none. */
  readonly next?: (() => Promise<SearchAnswer>) | undefined;
  readonly previous?: (() => Promise<SearchAnswer>) | undefined;
}

export interface SubscribeOptions {
  readonly time?: string;
  readonly timezone?: string;
  readonly maxPapers?: number;
  readonly minUpvotes?: number;
  /** A filter in the search language, as typed: `memory OR "sparse attention"`. */
  readonly filter?: string;
  readonly thread?: boolean;
  /** As a person types it: `mon-fri`, `weekends`, … (for a weekly digest, its one day). */
  readonly days?: string;
  readonly cadence?: 'daily' | 'weekly';
  readonly emptyNote?: boolean;
}

export interface PostReaction {
  /** `upvote` for the configured vote emoji, else the platform's own name. */
  readonly emoji: string;
  readonly count: number;
  readonly byBot: boolean;
}

/** A message the bot posted to a channel (interaction answers left out). */
export interface Post {
  readonly id: string;
  /** Where the message lives (a thread is its own channel on Discord). */
  readonly channel: string;
  readonly kind: 'header' | 'paper';
  readonly paperId?: string | undefined;
  /** Everything a reader sees, as text. */
  readonly text: string;
  /** A paper post's upvote line, e.g. `118 on HF · 2 votes across all servers`. */
  readonly upvotes?: string | undefined;
  /** The header this post sits under in a thread. */
  readonly threadOf?: string | undefined;
  readonly reactions: readonly PostReaction[];
}

/** A direct message the bot sent a person (a follow alert). */
export interface DirectMessage {
  /** Everything the person sees, as text. */
  readonly text: string;
  /** The Hugging Face pages of the papers it lists, in order. */
  readonly paperUrls: readonly string[];
  /** Presses the Upvote control of the `index`-th paper listed (0-based) as the person it was sent to. */
  readonly upvote: (index: number) => Promise<Reply>;
}

/** A message someone else wrote in the channel, to react to. */
export interface ForeignMessage {
  readonly id: string;
  readonly channel: string;
}

/** What the bot made of a reaction, as its log tells it. */
export type ReactionOutcome =
  | 'recorded' | 'removed' | 'already_recorded' | 'not_voted'
  | 'ignored_bot' | 'ignored_other_emoji' | 'ignored_not_a_paper_post';

export interface ReactOptions {
  readonly by?: Person;
  readonly removed?: boolean;
  /** A platform emoji; the configured upvote when left out. */
  readonly emoji?: string;
}

export interface ChatDriver {
  readonly platform: 'discord' | 'slack';
  /** The fixture day `/paperboy today` posts and its papers. */
  readonly hf: HfServer;
  /** Whose votes a count shows with one platform in the whole-install pool, e.g. `across all servers`. */
  readonly votesWhere: string;
  /** The platform's markup for bold text, a link and a digest header's title line. */
  readonly markup: {
    readonly bold: (text: string) => string;
    readonly link: (title: string, url: string) => string;
    readonly heading: (text: string) => string;
  };
  /** How a person writes the vote emoji in text, e.g. in the digest header. */
  readonly upvoteText: string;
  readonly emoji: {
    /** The vote emoji as some clients send it (another code point sequence or a skin tone). */
    readonly upvoteVariant: string;
    /** Emoji that are not a vote. */
    readonly others: readonly string[];
  };
  /** Answers every person sees in the channel; the rest are shown only to the person asking. */
  readonly announces: ReadonlySet<'subscribe' | 'unsubscribe' | 'top'>;
  /** The whole refusal a person without the right to change the channel's digest gets. */
  readonly notAllowed: RegExp;
  /** The bot's database file and the main channel, for states a test writes as delivery would leave them. */
  readonly database: { readonly path: string; readonly channel: ChannelRef };
  /** How the platform writes a mention of `person` (`<@id>` on both, with its own ids). */
  mention(person: Person): string;
  /** The link a reply gives to `post` (Discord's message URL, Slack's permalink). */
  linkTo(post: Post): string;

  search(query: string, options?: { by?: Person; place?: Place }): Promise<SearchAnswer>;
  subscribe(options: SubscribeOptions, how?: { by?: Person; place?: Place }): Promise<Reply>;
  /** `/paperboy <subcommand>` answered in one reply. */
  command(subcommand: 'settings' | 'status' | 'unsubscribe' | 'help', how?: { by?: Person; place?: Place }): Promise<Reply>;
  top(period?: 'day' | 'week' | 'month' | 'all', how?: { by?: Person }): Promise<Reply>;
  /** `/paperboy follow <query>`, `/paperboy following`, `/paperboy unfollow <id|all>`. */
  follows(action: 'follow' | 'following' | 'unfollow', argument?: string, how?: { by?: Person }): Promise<Reply>;
  /** `/paperboy today`, returning its final answer. */
  today(how?: { by?: Person; place?: Place }): Promise<Reply>;

  /** The bot's posts in the channel, each thread's posts after their header. */
  posts(place?: Place): Post[];
  /** Every attempt the bot made to post a message, wherever it went and however it ended. */
  postAttempts(): number;
  /** Someone's own message in the channel. */
  chatMessage(text: string): Promise<ForeignMessage>;
  /** Reacts (or takes a reaction back) and waits until the bot has handled it. */
  react(on: Post | ForeignMessage, options?: ReactOptions): Promise<ReactionOutcome>;
  /** Waits until the bot has edited the post after a vote, and reads it again. */
  editedPost(post: Post): Promise<Post>;
  votesFor(paperId: string): Promise<number>;

  /** Direct messages the bot sent `person`, oldest first. */
  dms(person: Person): DirectMessage[];
  /** `person` stops (false) or starts again (true) taking direct messages from the bot. */
  setDms(person: Person, open: boolean): void;
  /** Waits until the follow alerts of every papers-day stored so far have been sent. */
  alertsSent(): Promise<void>;

  /** Runs the scheduler as if the clock read `at`. */
  runScheduled(at: Date): Promise<void>;
  /** Stops the bot and starts a new one on the same database and fakes. */
  restart(): Promise<void>;
  metrics(): string;
  /** Log entries at error level or worse. */
  errors(): unknown[];
  stop(): Promise<void>;
}
