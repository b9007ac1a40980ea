/** `/paperboy follow|following|unfollow`: a person's own follows, answered to them alone. */
import type { ChatInputCommandInteraction } from 'discord.js';
import type { Follower } from '../../../core/follows/follow.js';
import { followingReply, followReply, parseUnfollowTarget, unfollowReply } from '../../../formatter/follow-replies.js';
import { DISCORD_MARKUP } from '../../../formatter/replies.js';
import type { HandlerDeps } from '../handler-deps.js';

const COMMAND = '/paperboy';

export async function followsAnswer(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  subcommand: 'follow' | 'following' | 'unfollow',
  deps: HandlerDeps,
): Promise<string> {
  const follower: Follower = { platform: 'discord', userId: interaction.user.id, workspaceId: interaction.guildId };
  if (subcommand === 'follow') {
    const result = await deps.useCases.follow(follower, interaction.options.getString('query') ?? '');
    deps.logger.info({ user: follower.userId, status: result.status }, 'follow');
    return followReply(DISCORD_MARKUP, result, COMMAND);
  }
  if (subcommand === 'following') return followingReply(DISCORD_MARKUP, await deps.useCases.following(follower), COMMAND);
  const target = parseUnfollowTarget(interaction.options.getString('id') ?? '');
  if (target === undefined) return `Give the id of a follow (${DISCORD_MARKUP.code(`${COMMAND} following`)} lists them), or ${DISCORD_MARKUP.code('all')}.`;
  return unfollowReply(DISCORD_MARKUP, await deps.useCases.unfollow(follower, target), COMMAND);
}
