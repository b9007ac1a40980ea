/** What every Discord handler gets: the use cases, settings and a few Discord-side helpers. */
import type { Community } from '../../core/channels.js';
import type { UseCases } from '../../core/use-cases.js';
import type { Logger } from '../../logger.js';
import type { Turns } from '../common/turns.js';
import type { SearchSessions } from './search-sessions.js';

export interface HandlerDeps {
  readonly useCases: UseCases;
  readonly logger: Logger;
  readonly sessions: SearchSessions;
  /** Searches start one per event-loop turn, so new commands get their first answer in between. */
  readonly turns: Turns;
  /** Results per page unless the command's `limit` says otherwise. */
  readonly pageSize: number;
  readonly voteEmoji: string;
  /** Counts a command refused by the fair-use limit. */
  readonly onThrottled?: (() => void) | undefined;
}

/** The server an interaction came from (its vote pool); empty in a direct message. */
export function discordCommunity(interaction: { guildId: string | null }): Community {
  return { platform: 'discord', workspaceId: interaction.guildId ?? '' };
}
