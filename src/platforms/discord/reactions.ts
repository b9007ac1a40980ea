/**
 * Reaction upvotes. With the Message, Reaction and User partials, discord.js delivers reactions
 * on messages it never cached (posted before a restart); the ids are all we need, since the post
 * ledger maps (channel, message) back to the paper.
 */
import type { MessageReaction, PartialMessageReaction, PartialUser, User } from 'discord.js';
import type { UseCases } from '../../core/use-cases.js';
import type { VoteOutcome } from '../../core/votes/record.js';

/** `⬆️` arrives with or without the emoji variation selector depending on the client. */
export function sameEmoji(a: string, b: string): boolean {
  const bare = (emoji: string) => emoji.replace(/\ufe0f/gu, '');
  return bare(a) === bare(b);
}

export function handleReaction(
  reaction: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
  added: boolean,
  deps: { useCases: UseCases; voteEmoji: string; botUserId: string | undefined },
): Promise<VoteOutcome | undefined> {
  const message = reaction.message;
  if (message.guildId === null) return Promise.resolve(undefined);
  const emoji = reaction.emoji.id === null ? (reaction.emoji.name ?? '') : `<:${reaction.emoji.name ?? ''}:${reaction.emoji.id}>`;
  return deps.useCases.reaction({
    channel: { platform: 'discord', workspaceId: message.guildId, channelId: message.channelId },
    messageId: message.id,
    userId: user.id,
    isBot: user.bot || user.id === deps.botUserId,
    isUpvoteEmoji: sameEmoji(emoji, deps.voteEmoji),
    added,
  });
}
