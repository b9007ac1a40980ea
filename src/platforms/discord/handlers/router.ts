/**
 * Routes every interaction to its handler and is the one place their errors are caught: the
 * user gets a short ephemeral message saying what to do, the log gets the whole error.
 */
import { MessageFlags, type AutocompleteInteraction, type Interaction, type RepliableInteraction } from 'discord.js';
import { PAGE_BUTTON_PREFIX } from '../../../formatter/paging.js';
import { INTERNAL_ERROR_REPLY, slowDownReply } from '../../../formatter/replies.js';
import type { Logger } from '../../../logger.js';
import { SHARE_BUTTON_PREFIX, UPVOTE_BUTTON_PREFIX } from '../../../formatter/paper-buttons.js';
import { ADMIN_COMMAND, PAPER_CARD_COMMAND, SEARCH_COMMAND } from '../commands.js';
import { loggableError } from '../errors.js';
import type { HandlerDeps } from '../handler-deps.js';
import { SERVER_ONLY, UNKNOWN_COMMAND } from '../replies.js';
import { handlePaperboyCommand } from './paperboy.js';
import { handlePageButton, handleSearchAutocomplete, handleSearchCommand } from './search.js';
import { handlePaperCardCommand, handleShareButton } from './share.js';
import { handleUpvoteButton } from './upvote.js';

/** ICU's list leaves out UTC, the default most people mean when they pick none. */
const TIMEZONES = ['UTC', ...Intl.supportedValuesOf('timeZone')];
const AUTOCOMPLETE_CHOICES = 25;

export async function handleInteraction(interaction: Interaction, deps: HandlerDeps): Promise<void> {
  const started = performance.now();
  const log = deps.logger.child({ interaction: interaction.id, user: interaction.user.id, guild: interaction.guildId, channel: interaction.channelId });
  try {
    // A follow alert's Upvote buttons are pressed in the person's DM with the bot; nothing else is answered there.
    if (interaction.isButton() && interaction.customId.startsWith(UPVOTE_BUTTON_PREFIX)) {
      if (await admitted(interaction, deps)) await handleUpvoteButton(interaction, deps);
    } else if (!interaction.inGuild()) {
      if (interaction.isRepliable()) await interaction.reply({ content: SERVER_ONLY, flags: MessageFlags.Ephemeral });
      return;
    } else if (!(await admitted(interaction, deps))) {
      return;
    } else if (interaction.isAutocomplete()) {
      await handleAutocomplete(interaction, deps);
    } else if (interaction.isChatInputCommand() && interaction.commandName === SEARCH_COMMAND) {
      const result = await handleSearchCommand(interaction, deps);
      if (result.liveError !== undefined) log.warn({ error: result.liveError }, 'Hugging Face search failed; answered from the local index');
    } else if (interaction.isChatInputCommand() && interaction.commandName === ADMIN_COMMAND) {
      await handlePaperboyCommand(interaction, deps);
    } else if (interaction.isButton() && interaction.customId.startsWith(PAGE_BUTTON_PREFIX)) {
      await handlePageButton(interaction, deps);
    } else if (interaction.isButton() && interaction.customId.startsWith(SHARE_BUTTON_PREFIX)) {
      await handleShareButton(interaction, deps);
    } else if (interaction.isMessageContextMenuCommand() && interaction.commandName === PAPER_CARD_COMMAND) {
      await handlePaperCardCommand(interaction, deps);
    } else if (interaction.isRepliable()) {
      await interaction.reply({ content: UNKNOWN_COMMAND, flags: MessageFlags.Ephemeral });
    }
    log.debug({ ms: Math.round(performance.now() - started) }, 'interaction handled');
  } catch (error) {
    log.error({ err: loggableError(error) }, 'interaction failed');
    if (interaction.isRepliable()) await tellUser(interaction, log);
  }
}

/** Fair use: a user over the limit is told to slow down (autocomplete gets no choices) and nothing runs. */
async function admitted(interaction: Interaction, deps: HandlerDeps): Promise<boolean> {
  const kind = interaction.isAutocomplete() ? 'autocomplete' : interaction.isButton() ? 'button' : 'command';
  const admission = await deps.useCases.admit('discord', interaction.user.id, kind);
  if (admission.allowed) return true;
  deps.onThrottled?.();
  if (interaction.isAutocomplete()) await interaction.respond([]);
  else if (interaction.isRepliable()) await interaction.reply({ content: slowDownReply(admission.retryAfterSeconds), flags: MessageFlags.Ephemeral });
  return false;
}

async function handleAutocomplete(interaction: AutocompleteInteraction, deps: HandlerDeps): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name === 'timezone') {
    const typed = focused.value.toLowerCase();
    const matches = TIMEZONES.filter((zone) => zone.toLowerCase().includes(typed)).slice(0, AUTOCOMPLETE_CHOICES);
    await interaction.respond(matches.map((zone) => ({ name: zone, value: zone })));
    return;
  }
  await handleSearchAutocomplete(interaction, deps);
}

async function tellUser(interaction: RepliableInteraction, log: Logger): Promise<void> {
  try {
    if (interaction.deferred || interaction.replied) {
      await interaction.editReply({ content: INTERNAL_ERROR_REPLY, embeds: [], components: [] });
    } else {
      await interaction.reply({ content: INTERNAL_ERROR_REPLY, flags: MessageFlags.Ephemeral });
    }
  } catch (error) {
    // The interaction token may have expired; nothing more can reach the user.
    log.warn({ err: loggableError(error) }, 'could not tell the user about the failure');
  }
}
