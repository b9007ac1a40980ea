/**
 * `paperboy deploy-commands [--guild ID]` run in-process through our CLI against the fake
 * Discord: the commands it registers, per server and globally, and the errors it explains.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_GUILD_ID, startDiscordFake, type DiscordFake, type Json } from '../../fakes/discord/index.js';
import { cli } from '../../support/run-cli.js';
import { DISCORD_TOKEN } from './harness.js';

let fake: DiscordFake;
beforeEach(async () => {
  fake = await startDiscordFake({ token: DISCORD_TOKEN });
});
afterEach(async () => {
  await fake.stop();
});

const deploy = (args: string[], env: Record<string, string> = { DISCORD_TOKEN, DISCORD_API_URL: fake.apiUrl }) =>
  cli(['deploy-commands', ...args], { env });
const named = (commands: Json[], name: string): Json | undefined => commands.find((command) => command.name === name);
const optionsOf = (command: Json | undefined): Json[] => (Array.isArray(command?.options) ? (command.options as Json[]) : []);

describe('paperboy deploy-commands', () => {
  it('registers /papers and /paperboy in one server with --guild', async () => {
    const result = await deploy(['--guild', FAKE_GUILD_ID]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Registered /papers, /paperboy, "Paperboy: paper card" (Apps menu of a message) for application ${fake.ids.applicationId} in server ${FAKE_GUILD_ID}.`);

    const [put] = fake.requestsTo('commands.put');
    expect(put?.routePath).toBe(`/applications/${fake.ids.applicationId}/guilds/${FAKE_GUILD_ID}/commands`);
    expect(put?.auth).toBe(`Bot ${DISCORD_TOKEN}`);
    expect(fake.commands('global')).toEqual([]);

    const commands = fake.commands(FAKE_GUILD_ID);
    expect(commands.map((command) => command.name)).toEqual(['papers', 'paperboy', 'Paperboy: paper card']);
    const papers = named(commands, 'papers');
    expect(optionsOf(papers).map((option) => [option.name, option.required === true, option.autocomplete === true]))
      .toEqual([['query', true, true], ['limit', false, false]]);
    expect(papers?.default_member_permissions ?? null).toBeNull();

    const paperboy = named(commands, 'paperboy');
    // Open to every member (follows are personal); the handler checks Manage Channels where it matters.
    expect(paperboy?.default_member_permissions ?? null).toBeNull();
    expect(optionsOf(paperboy).map((option) => option.name)).toEqual(['subscribe', 'unsubscribe', 'settings', 'status', 'today', 'top', 'follow', 'following', 'unfollow', 'help']);
    const subscribe = optionsOf(paperboy).find((option) => option.name === 'subscribe');
    expect(optionsOf(subscribe).map((option) => option.name)).toEqual(['time', 'timezone', 'max_papers', 'min_upvotes', 'filter', 'thread', 'days', 'empty_note', 'cadence']);
    const top = optionsOf(paperboy).find((option) => option.name === 'top');
    expect(optionsOf(top)[0]?.choices).toEqual(['day', 'week', 'month', 'all'].map((period) => ({ name: period, value: period })));
  });

  it('registers the commands globally without --guild', async () => {
    const result = await deploy([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('globally (Discord may take up to an hour to show them)');
    expect(fake.requestsTo('commands.put').map((request) => request.routePath)).toEqual([`/applications/${fake.ids.applicationId}/commands`]);
    expect(fake.commands('global').map((command) => command.name)).toEqual(['papers', 'paperboy', 'Paperboy: paper card']);
  });

  it('replaces the commands when run again instead of adding duplicates', async () => {
    await deploy(['--guild', FAKE_GUILD_ID]);
    await deploy(['--guild', FAKE_GUILD_ID]);
    expect(fake.commands(FAKE_GUILD_ID).map((command) => command.name)).toEqual(['papers', 'paperboy', 'Paperboy: paper card']);
  });

  it('removes a server\'s test copy with --remove and leaves the global commands alone', async () => {
    await deploy([]);
    await deploy(['--guild', FAKE_GUILD_ID]);
    const result = await deploy(['--guild', FAKE_GUILD_ID, '--remove']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Removed Paperboy's commands of application ${fake.ids.applicationId} from server ${FAKE_GUILD_ID}.`);
    expect(fake.commands(FAKE_GUILD_ID)).toEqual([]);
    expect(fake.commands('global').map((command) => command.name)).toEqual(['papers', 'paperboy', 'Paperboy: paper card']);
    expect((await deploy(['--remove'])).stdout).toContain('from every server');
    expect(fake.commands('global')).toEqual([]);
  });

  it('refuses a server id that is not a snowflake before calling Discord', async () => {
    const result = await deploy(['--guild', 'my-server']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--guild must be a server id');
    expect(fake.requests).toEqual([]);
  });

  it('says DISCORD_TOKEN is missing instead of calling Discord', async () => {
    const result = await deploy([], { DISCORD_API_URL: fake.apiUrl });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DISCORD_TOKEN is not set');
    expect(fake.requests).toEqual([]);
  });

  it('explains a rejected token in one line without echoing it', async () => {
    const wrong = 'MTAw.wrong-token.value';
    const result = await deploy([], { DISCORD_TOKEN: wrong, DISCORD_API_URL: fake.apiUrl });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('Discord refused DISCORD_TOKEN (401 Unauthorized)');
    expect(result.stderr).not.toContain(wrong);
    expect(result.stderr).not.toMatch(/\n\s+at /u);
  });

  it('fails with a clear message for an unknown server', async () => {
    const result = await deploy(['--guild', '2999999999999999999']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Discord does not know server 2999999999999999999, or the bot is not in it');
    expect(result.stderr).not.toMatch(/\n\s+at /u);
  });
});
