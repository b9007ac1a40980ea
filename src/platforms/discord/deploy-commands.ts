/**
 * Registers the slash commands and the message command with Discord: per guild (instant, for testing a server) or
 * globally (every server; Discord may take up to an hour to show changes). `remove` registers
 * an empty list instead, which is how a guild copy left from testing goes away.
 */
import { ApplicationCommandType, DiscordAPIError, REST, Routes, type APIApplication, type APIApplicationCommand } from 'discord.js';
import { AppError, ErrorCode } from '../../core/errors.js';
import { commandDefinitions } from './commands.js';

export interface DeployResult {
  readonly applicationId: string;
  readonly scope: 'global' | 'guild';
  /** As people find them: `/papers` for a slash command, `"Paperboy: paper card" (Apps menu of a message)` for a message command. */
  readonly commands: readonly string[];
}


export async function deployDiscordCommands(options: { token: string; apiUrl?: string | undefined; guildId?: string | undefined; remove?: boolean }): Promise<DeployResult> {
  // A command-line run should fail at once rather than retry a refused token.
  const rest = new REST({ retries: 1, ...(options.apiUrl === undefined ? {} : { api: options.apiUrl }) }).setToken(options.token);
  try {
    const application = (await rest.get(Routes.currentApplication())) as APIApplication;
    const route = options.guildId === undefined
      ? Routes.applicationCommands(application.id)
      : Routes.applicationGuildCommands(application.id, options.guildId);
    const registered = (await rest.put(route, { body: options.remove === true ? [] : commandDefinitions() })) as APIApplicationCommand[];
    return {
      applicationId: application.id,
      scope: options.guildId === undefined ? 'global' : 'guild',
      commands: registered.map((command) => (command.type === ApplicationCommandType.Message ? `"${command.name}" (Apps menu of a message)` : `/${command.name}`)),
    };
  } catch (error) {
    throw new AppError(ErrorCode.PlatformFailure, deployFailure(error, options.guildId), { cause: error });
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

/** What went wrong, in terms of what the person running the command can fix. */
function deployFailure(error: unknown, guildId: string | undefined): string {
  if (!(error instanceof DiscordAPIError)) return `could not reach Discord: ${error instanceof Error ? error.message : String(error)}`;
  if (error.status === 401) {
    return 'Discord refused DISCORD_TOKEN (401 Unauthorized). Copy the token again from the Developer Portal (your application → Bot → Reset Token).';
  }
  if (error.code === 10004 && guildId !== undefined) {
    return `Discord does not know server ${guildId}, or the bot is not in it (Unknown Guild). Check the id and invite the bot first (README, "Discord setup").`;
  }
  if (error.code === 50001 && guildId !== undefined) {
    return `the bot may not register commands in server ${guildId} (Missing Access): invite it again with the "applications.commands" scope.`;
  }
  return `Discord answered ${error.status} (code ${error.code}): ${error.message}`;
}
