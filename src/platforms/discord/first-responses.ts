/**
 * Tracks interactions from their arrival to their first response leaving for Discord (the
 * callback request every interaction makes first, whether it replies, defers or offers
 * autocomplete choices). Feeds the command-latency metric, and tells slow work whether a
 * command is still waiting for its 3-second answer.
 */
import { RESTEvents, type APIRequest, type Client, type Interaction } from 'discord.js';

const CALLBACK_PATH = /^\/interactions\/(\d+)\/[^/]+\/callback$/u;
/** Interactions that never answered are forgotten, oldest first, once this many are waiting. */
const MAX_WAITING = 1_000;

export interface FirstResponses {
  start(interaction: Interaction): void;
  /** Forgets an interaction once its handler is done, answered or not. */
  finish(interactionId: string): void;
  /** How many interactions have arrived and not yet been answered. */
  waiting(): number;
}

export function createFirstResponses(client: Client, observe?: (command: string, seconds: number) => void): FirstResponses {
  const waiting = new Map<string, { readonly command: string; readonly started: number }>();
  client.rest.on(RESTEvents.Response, (request: APIRequest) => {
    const id = CALLBACK_PATH.exec(request.path)?.[1];
    const entry = id === undefined ? undefined : waiting.get(id);
    if (id === undefined || entry === undefined) return;
    waiting.delete(id);
    observe?.(entry.command, (performance.now() - entry.started) / 1000);
  });
  return {
    start(interaction) {
      waiting.set(interaction.id, { command: commandLabel(interaction), started: performance.now() });
      if (waiting.size > MAX_WAITING) waiting.delete(waiting.keys().next().value ?? interaction.id);
    },
    finish: (interactionId) => {
      waiting.delete(interactionId);
    },
    waiting: () => waiting.size,
  };
}

/** A low-cardinality name: `/papers`, `/paperboy today`, `/papers autocomplete`, `button`. */
export function commandLabel(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) {
    const subcommand = interaction.options.getSubcommand(false);
    return subcommand === null ? `/${interaction.commandName}` : `/${interaction.commandName} ${subcommand}`;
  }
  if (interaction.isAutocomplete()) return `/${interaction.commandName} autocomplete`;
  if (interaction.isButton()) return 'button';
  return 'other';
}
