/**
 * The `paperboy` command. Each subcommand lives in src/cli/; this file only dispatches and
 * turns errors into exit codes: 0 done, 1 failed at run time, 2 called wrongly.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeError, isAppError, ErrorCode } from './core/errors.js';
import { BACKUP_HELP, runBackup } from './cli/backup.js';
import { DEMO_HELP, runDemo } from './cli/demo.js';
import { DEPLOY_COMMANDS_HELP, runDeployCommands } from './cli/deploy-commands.js';
import { DISCORD_PROXY_HELP, runDiscordProxy } from './cli/discord-proxy.js';
import { INGEST_HELP, runIngest } from './cli/ingest.js';
import { writeLine, type CliIo } from './cli/io.js';
import { MIGRATE_STORE_HELP, runMigrateStore } from './cli/migrate-store.js';
import { RENDER_HELP, runRender } from './cli/render.js';
import { SEARCH_HELP, runSearch } from './cli/search.js';
import { START_HELP, runStart } from './cli/start.js';
import { PAPERBOY_VERSION } from './main.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const COMMANDS: Record<string, { summary: string; help: string; run: (argv: string[], io: CliIo) => number | Promise<number> }> = {
  start: { summary: 'run the bot on every platform that has credentials', help: START_HELP, run: runStart },
  demo: { summary: 'offline tour: bundled day → SQLite → digest and a search', help: DEMO_HELP, run: runDemo },
  ingest: { summary: 'fetch papers-days from Hugging Face into the store', help: INGEST_HELP, run: runIngest },
  search: { summary: 'search the local index', help: SEARCH_HELP, run: runSearch },
  render: { summary: 'show the payloads a saved HF response would be posted as', help: RENDER_HELP, run: runRender },
  'deploy-commands': { summary: 'register the Discord slash commands', help: DEPLOY_COMMANDS_HELP, run: runDeployCommands },
  'discord-proxy': { summary: 'share one Discord rate-limit budget between instances', help: DISCORD_PROXY_HELP, run: runDiscordProxy },
  backup: { summary: 'write a consistent copy of the database, even while the bot runs', help: BACKUP_HELP, run: runBackup },
  'migrate-store': { summary: 'copy the SQLite database into PostgreSQL', help: MIGRATE_STORE_HELP, run: runMigrateStore },
};

export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    'Usage: paperboy <command> [options]',
    '',
    'Hugging Face Daily Papers for Discord and Slack.',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    'Run "paperboy <command> --help" for a command\'s options. Settings: config/default.json,',
    'config/local.json and the environment (.env; see .env.example).',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    writeLine(io.stdout, mainHelp());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    writeLine(io.stdout, PAPERBOY_VERSION);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    writeLine(io.stderr, `paperboy: unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isAppError(error, ErrorCode.UsageError) || isAppError(error, ErrorCode.InputInvalid)) {
      writeLine(io.stderr, `paperboy: ${error.message}`);
      return EXIT_USAGE;
    }
    if (isAppError(error, ErrorCode.ConfigInvalid)) {
      writeLine(io.stderr, error.message);
      return EXIT_FAILURE;
    }
    writeLine(io.stderr, `paperboy ${name}: ${describeError(error)}`);
    return EXIT_FAILURE;
  }
}

function processIo(): CliIo {
  // .env is for local runs; real environment variables always win over it.
  const envFile = join(process.cwd(), '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    interactive: process.stderr.isTTY,
  };
}
