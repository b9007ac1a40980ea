/**
 * Registers the slash commands with Discord: per guild (instant, for testing a server) or
 * globally (every server; Discord may take up to an hour to show changes).
 */
import { REST, Routes, type APIApplication, type APIApplicationCommand } from 'discord.js';
import { commandDefinitions } from './commands.js';

export interface DeployResult {
  readonly applicationId: string;
  readonly scope: 'global' | 'guild';
  readonly commands: readonly string[];
}

export async function deployDiscordCommands(options: { token: string; apiUrl?: string | undefined; guildId?: string | undefined }): Promise<DeployResult> {
  const rest = new REST(options.apiUrl === undefined ? {} : { api: options.apiUrl }).setToken(options.token);
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const route = options.guildId === undefined
    ? Routes.applicationCommands(application.id)
    : Routes.applicationGuildCommands(application.id, options.guildId);
  const registered = (await rest.put(route, { body: commandDefinitions() })) as APIApplicationCommand[];
  return {
    applicationId: application.id,
    scope: options.guildId === undefined ? 'global' : 'guild',
    commands: registered.map((command) => command.name),
  };
}
