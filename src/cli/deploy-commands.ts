/** `paperboy deploy-commands [--guild ID] [--remove]`: register (or remove) the Discord commands. */
import { discordRestBase } from '../platforms/discord/client.js';
import { deployDiscordCommands } from '../platforms/discord/deploy-commands.js';
import { parseCommandArgs } from './args.js';
import { usageError, writeLine, type CliIo } from './io.js';
import { loadRuntime } from './runtime.js';

export const DEPLOY_COMMANDS_HELP = `Usage: paperboy deploy-commands [--guild ID] [--remove]

Registers /papers, /paperboy and the message command "Paperboy: paper card" with Discord (needs DISCORD_TOKEN). Run it once after
installing and after upgrading Paperboy, not on every start.

Options:
  --guild ID   register in one server only (shows up at once; good for trying things out);
               without it the commands are global and Discord may take up to an hour
  --remove     remove Paperboy's commands instead (from that server with --guild, else
               the global ones): a server with both a test copy and the global commands
               lists each twice until its copy is removed
  -h, --help   show this help`;

export async function runDeployCommands(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('deploy-commands', argv, { guild: { type: 'string' }, remove: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, false);
  if (values.help) {
    writeLine(io.stdout, DEPLOY_COMMANDS_HELP);
    return 0;
  }
  if (values.guild !== undefined && !/^\d{15,25}$/u.test(values.guild)) {
    throw usageError(`deploy-commands: --guild must be a server id (a long number; enable Developer Mode and use "Copy Server ID"), got "${values.guild}"`);
  }
  const { config } = loadRuntime(io, { quietByDefault: true });
  if (config.discord.token === undefined) throw usageError('deploy-commands: DISCORD_TOKEN is not set (see .env.example)');
  const remove = values.remove === true;
  const result = await deployDiscordCommands({ token: config.discord.token, apiUrl: discordRestBase(config.discord), guildId: values.guild, remove });
  if (remove) {
    const from = result.scope === 'guild' ? `server ${values.guild ?? ''}` : 'every server (Discord may take up to an hour to update)';
    writeLine(io.stdout, `Removed Paperboy's commands of application ${result.applicationId} from ${from}.`);
    return 0;
  }
  const where = result.scope === 'guild' ? `in server ${values.guild ?? ''}` : 'globally (Discord may take up to an hour to show them)';
  writeLine(io.stdout, `Registered ${result.commands.join(', ')} for application ${result.applicationId} ${where}.`);
  return 0;
}
