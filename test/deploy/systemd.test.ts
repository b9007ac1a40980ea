/**
 * deploy/systemd: the units run the same `paperboy` commands, with the same environment
 * variables, as deploy/docker-compose.yml, whose every service compose.e2e.test.ts starts; and
 * each example environment file, as the units load it, is a valid configuration that says what
 * its comments promise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { readCompose, REPO } from './compose.js';

const SYSTEMD = join(REPO, 'deploy', 'systemd');
const TOKENS = { POSTGRES_PASSWORD: 'x', DISCORD_TOKEN: 'x', SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 'x' };
const compose = readCompose(TOKENS);

/** `Key=value` lines of a unit's [Service] section, repeated keys in order. */
function unit(name: string): { execStart: string; environmentFiles: string[] } {
  const lines = readFileSync(join(SYSTEMD, name), 'utf8').split('\n');
  const values = (key: string) => lines.filter((line) => line.startsWith(`${key}=`)).map((line) => line.slice(key.length + 1));
  return { execStart: values('ExecStart')[0] ?? '', environmentFiles: values('EnvironmentFile') };
}

/** An example env file as systemd reads it: KEY=value lines, comments skipped; empty values are the secrets to fill in. */
function envExample(installedAs: string): Record<string, string> {
  const file = installedAs.replace('/etc/paperboy/', '').replace('%i', '1');
  const entries = readFileSync(join(SYSTEMD, `${file}.example`), 'utf8').split('\n')
    .filter((line) => /^[A-Z_]+=/u.test(line))
    .map((line) => line.split(/=(.*)/su).slice(0, 2) as [string, string]);
  return Object.fromEntries(entries.map(([key, value]) => [key, value === '' ? 'filled-in-secret' : value]));
}

const configOf = (env: Record<string, string>) => {
  const loaded = loadConfig({ configDir: join(REPO, 'config'), env });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.config;
};

const composeNames = (service: string, dotenv: boolean): string[] =>
  [...Object.keys(compose[service]?.environment ?? {}), ...(dotenv ? Object.keys(TOKENS) : [])];

describe('deploy/systemd units', () => {
  it('runs the proxy with the command and variables of the compose file\'s discord-proxy service', () => {
    const proxy = unit('paperboy-discord-proxy.service');
    expect(proxy.execStart).toBe(`/usr/bin/node /opt/paperboy/bin/paperboy.js ${compose['discord-proxy']?.command?.join(' ') ?? ''}`);
    const env = Object.assign({}, ...proxy.environmentFiles.map(envExample)) as Record<string, string>;
    expect(composeNames('discord-proxy', false)).toEqual(expect.arrayContaining(Object.keys(env)));
    expect(configOf(env).discord.proxy).toEqual({ host: '10.0.0.5', port: 8080, requestsPerSecond: 48 });
  });

  it('runs each instance with the command and variables of the compose file\'s instances', () => {
    const instance = unit('paperboy@.service');
    expect(instance.execStart).toBe(`/usr/bin/node /opt/paperboy/bin/paperboy.js ${compose['paperboy-1']?.command?.join(' ') ?? ''}`);
    expect(instance.environmentFiles).toEqual(['/etc/paperboy/paperboy.env', '/etc/paperboy/%i.env']);
    const env = Object.assign({}, ...instance.environmentFiles.map(envExample)) as Record<string, string>;
    expect(composeNames('paperboy-1', true)).toEqual(expect.arrayContaining(Object.keys(env)));
    const config = configOf(env);
    expect(config.database.url).toBe('postgres://paperboy:PASSWORD@10.0.0.4:5432/paperboy');
    expect(config.discord).toMatchObject({ proxyUrl: 'http://10.0.0.5:8080', shardCount: 3, shards: [0] });
    expect(config.slack).toMatchObject({ host: '0.0.0.0', port: 3001 });
    expect(config.health).toMatchObject({ host: '0.0.0.0', port: 9091 });
  });
});
