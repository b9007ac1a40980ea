/**
 * The "▲ Upvote #n" buttons of a follow alert, pressed in the person's DM with the bot: toggles
 * their vote on that paper, in the vote pool of the server they follow from (the button names
 * it; a DM belongs to no server), and tells them the count that pool now shows.
 */
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { parseDiscordUpvoteButtonId } from '../../../formatter/paper-buttons.js';
import { voteReply } from '../../../formatter/replies.js';
import type { HandlerDeps } from '../handler-deps.js';

export const STALE_UPVOTE = 'That button belongs to an old message, so there is nothing to vote on.';

export async function handleUpvoteButton(interaction: ButtonInteraction, deps: HandlerDeps): Promise<void> {
  const parsed = parseDiscordUpvoteButtonId(interaction.customId);
  const workspaceId = parsed?.workspaceId ?? interaction.guildId ?? undefined;
  if (parsed === undefined || workspaceId === undefined) {
    await interaction.reply({ content: STALE_UPVOTE, flags: MessageFlags.Ephemeral });
    return;
  }
  const outcome = await deps.useCases.toggleVote({ platform: 'discord', workspaceId }, interaction.user.id, parsed.paperId);
  deps.logger.debug({ user: interaction.user.id, paperId: parsed.paperId, workspaceId, status: outcome.status }, 'upvote button');
  await interaction.reply({ content: voteReply(outcome), flags: MessageFlags.Ephemeral });
}
