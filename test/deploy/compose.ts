/**
 * deploy/docker-compose.yml read as the tests run it: each Paperboy service's argv (the
 * Dockerfile's ENTRYPOINT plus the service's command) and environment (the `x-` anchors merged,
 * `${VAR}` and `${VAR:?message}` filled from the `.env` the test stands in for).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

export const REPO = resolve(import.meta.dirname, '../..');
const DEPLOY = join(REPO, 'deploy');

const service = z.object({
  image: z.string().optional(),
  build: z.object({ context: z.string(), dockerfile: z.string() }).optional(),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string()).default({}),
  env_file: z.string().optional(),
  ports: z.array(z.string()).default([]),
  healthcheck: z.object({ test: z.array(z.string()) }).optional(),
});
const composeFile = z.object({ services: z.record(z.string(), service) });

export type ComposeService = z.infer<typeof service>;

/** `${NAME}` and `${NAME:?message}` as compose fills them; a missing required one throws, as compose stops. */
function interpolate(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{([A-Z_][A-Z0-9_]*)(:\?[^}]*)?\}/gu, (_whole, name: string, required: string | undefined) => {
    const value = env[name];
    if (value === undefined || value === '') {
      if (required !== undefined) throw new Error(`compose would stop: ${name} ${required.slice(2)}`);
      return '';
    }
    return value;
  });
}

export function readCompose(dotenv: Readonly<Record<string, string>>): Record<string, ComposeService> {
  const text = interpolate(readFileSync(join(DEPLOY, 'docker-compose.yml'), 'utf8'), dotenv);
  return composeFile.parse(parse(text, { merge: true })).services;
}

/** The image's ENTRYPOINT, exec form: what every service's command is appended to. */
export function dockerEntrypoint(): string[] {
  const line = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8').split('\n').find((l) => l.startsWith('ENTRYPOINT '));
  if (line === undefined) throw new Error('the Dockerfile has no ENTRYPOINT');
  return z.array(z.string()).parse(JSON.parse(line.slice('ENTRYPOINT '.length)));
}

/** `host:port` of a URL, and its parts, for checking that a service points at another. */
export function endpoint(url: string): { host: string; port: string; user: string; password: string; path: string } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: parsed.port, user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password), path: parsed.pathname };
}
