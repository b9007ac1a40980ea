/**
 * Putting a paper's card in the channel: the "Share #n" buttons under search results, and the
 * message context-menu command "Paperboy: paper card" (the paper a message links to). Both
 * defer (the paper may be fetched from Hugging Face, and a digest being posted here goes first),
 * share through the one use case, and tell only the person who asked.
 */
import { MessageFlags, type ButtonInteraction, type MessageContextMenuCommandInteraction } from 'discord.js';
import type { ChannelRef } from '../../../core/channels.js';
import type { ShareResult } from '../../../core/use-cases.js';
import { parseDiscordShareButtonId } from '../../../formatter/paper-buttons.js';
import { DISCORD_MARKUP, shareReply } from '../../../formatter/replies.js';
import { DISCORD_LIMITS } from '../../../formatter/limits.js';
import { truncate } from '../../../formatter/text.js';
import type { HandlerDeps } from '../handler-deps.js';
import { SEARCH_EXPIRED } from '../replies.js';

function channelOf(interaction: ButtonInteraction<'cached' | 'raw'> | MessageContextMenuCommandInteraction<'cached' | 'raw'>): ChannelRef {
  return { platform: 'discord', workspaceId: interaction.guildId, channelId: interaction.channelId };
}

async function answer(interaction: ButtonInteraction | MessageContextMenuCommandInteraction, result: ShareResult, deps: HandlerDeps): Promise<void> {
  if (result.status === 'failed') deps.logger.warn({ channel: interaction.channelId, reason: result.reason, permanent: result.permanent }, 'share failed');
  await interaction.editReply({ content: truncate(shareReply(DISCORD_MARKUP, result), DISCORD_LIMITS.content), allowedMentions: { parse: [] } });
}

export async function handleShareButton(interaction: ButtonInteraction<'cached' | 'raw'>, deps: HandlerDeps): Promise<void> {
  const paperId = parseDiscordShareButtonId(interaction.customId);
  if (paperId === undefined) {
    await interaction.reply({ content: SEARCH_EXPIRED, flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await answer(interaction, await deps.useCases.sharePaper(channelOf(interaction), interaction.user.id, paperId), deps);
}

/** The text a message links from: its content, and the links and text of its embeds (a bot's or an unfurl's). */
export function messageText(message: MessageContextMenuCommandInteraction['targetMessage']): string {
  const embeds = message.embeds.flatMap((embed) => [embed.url ?? '', embed.title ?? '', embed.description ?? '']);
  return [message.content, ...embeds].join('\n');
}

export async function handlePaperCardCommand(interaction: MessageContextMenuCommandInteraction<'cached' | 'raw'>, deps: HandlerDeps): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await deps.useCases.sharePaperIn(channelOf(interaction), interaction.user.id, messageText(interaction.targetMessage));
  await answer(interaction, result, deps);
}
