/**
 * One zod schema over config/default.json, an optional config/local.json and the environment.
 * Files hold non-secret defaults; the environment holds secrets and deployment values and wins.
 * Every problem is reported at once as `path: message (hint)`, never as a stack trace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MIN_SECRET_KEY_LENGTH } from './secret-box.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

function isIanaTimezone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const optionalSecret = z.string().trim().min(1).optional();

export const configSchema = z.object({
  huggingFace: z.object({
    baseUrl: z.url({ protocol: /^https?$/ }),
    token: optionalSecret,
    timeoutMs: z.number().int().min(100).max(120_000),
    retries: z.number().int().min(0).max(10),
    searchLimit: z.number().int().min(1).max(120),
    /** Requests per 5 minutes; unset: 300 against Hugging Face, unpaced against a loopback mirror. */
    requestsPerFiveMinutes: z.number().int().min(1).max(500).optional(),
  }),
  database: z.object({
    /** The embedded SQLite file, used when `url` is unset. */
    path: z.string().min(1),
    /** A PostgreSQL server instead of the SQLite file: what several instances share. */
    url: z.url({ protocol: /^postgres(ql)?$/u, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
    /** Most connections one instance opens to PostgreSQL for queries (channel locks take one more). */
    poolSize: z.number().int().min(1).max(100),
  }),
  log: z.object({ level: z.enum(LOG_LEVELS) }),
  digest: z.object({
    time: z.string().regex(HH_MM, 'must be HH:MM, 24-hour'),
    timezone: z.string().refine(isIanaTimezone, 'must be an IANA timezone name such as Europe/Berlin'),
    maxPapers: z.number().int().min(1).max(50),
    minUpvotes: z.number().int().min(0),
    thread: z.boolean(),
  }),
  votes: z.object({
    discordEmoji: z.string().min(1),
    slackEmoji: z.string().regex(/^[a-z0-9_+-]+$/, 'must be a Slack emoji name without colons, e.g. arrow_up'),
    /** Vote-count edits per minute across every message; the rest wait their turn. */
    editsPerMinute: z.number().int().min(1).max(600),
    /**
     * Whose votes a count shows: the whole install (default), each server or workspace on its
     * own, or named groups of them (`discord:<server id>`, `slack:<workspace id>`).
     */
    pool: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('install') }),
      z.object({ mode: z.literal('community') }),
      z.object({
        mode: z.literal('groups'),
        groups: z.record(z.string().min(1).max(60), z.array(z.string().regex(/^(discord|slack):[A-Za-z0-9]+$/u, 'must be discord:<server id> or slack:<workspace id>')).min(1)),
      }),
    ]).default({ mode: 'install' }),
  }),
  search: z.object({
    pageSize: z.number().int().min(1).max(10),
    /** How long Hugging Face search may take before local results go out alone. */
    liveBudgetMs: z.number().int().min(0).max(2_500),
    cacheTtlMs: z.number().int().min(0),
    /**
     * With DATABASE_URL: this instance's local search copy (an SQLite file it searches, kept in
     * step with PostgreSQL). Unset: search-copy.db beside database.path; 'off': search PostgreSQL.
     */
    copyPath: z.string().min(1).optional(),
  }),
  follows: z.object({
    /** Follows one person may hold on one platform. */
    maxPerPerson: z.number().int().min(1).max(1_000),
  }),
  schedule: z.object({
    /** Post this many days before the latest complete papers-day. */
    dayOffset: z.number().int().min(0).max(7),
    /** The most papers-days one digest reaches back for days the channel has not had. */
    lookbackDays: z.number().int().min(1).max(31),
    /** A weekday with fewer papers than this when posted is looked at again by the next digests. */
    thinDayPapers: z.number().int().min(0).max(1000),
    /** How late a run missed while the bot was down may still be made up. */
    graceHours: z.number().min(0).max(48),
    pauseAfterFailures: z.number().int().min(1).max(100),
    retryMinutes: z.array(z.number().positive()).min(1),
    channelConcurrency: z.number().int().min(1).max(100),
    tickSeconds: z.number().int().min(1).max(3600),
    /** How long a claim on a digest run lasts unrenewed: how soon another instance takes over a dead one's run. */
    claimLeaseSeconds: z.number().int().min(1).max(3600),
    /** Slack allows about one message per second per channel. */
    slackMinIntervalMs: z.number().int().min(0).max(60_000),
  }),
  retention: z.object({
    /** Days a post stays in the ledger; reactions on older posts no longer count. */
    postsDays: z.number().int().min(30).max(36_500),
    /** Days a digest run (what `/paperboy status` shows) is kept. */
    runsDays: z.number().int().min(7).max(36_500),
  }),
  limits: z.object({
    /** Commands one user may send back to back before being told to slow down. */
    commandBurst: z.number().int().min(1).max(1_000),
    /** Commands one user gets back per minute. */
    commandsPerMinute: z.number().min(0.1).max(10_000),
    /** Subscribed channels per Discord server or Slack workspace. */
    subscriptionsPerCommunity: z.number().int().min(1).max(10_000),
  }),
  health: z.object({
    /** Unset: no health endpoint. */
    port: z.number().int().min(0).max(65_535).optional(),
    host: z.string().min(1),
  }),
  discord: z.object({
    token: optionalSecret,
    apiUrl: z.url().optional(),
    /** The shared REST proxy (`paperboy discord-proxy`) every instance of one bot sends through. */
    proxyUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Total shards across every instance; unset with `shards` unset: what Discord recommends. */
    shardCount: z.number().int().min(1).optional(),
    /** The shards this instance runs; unset: all of them. */
    shards: z.array(z.number().int().min(0)).min(1).optional(),
    /** Settings of `paperboy discord-proxy` itself. */
    proxy: z.object({
      host: z.string().min(1),
      port: z.number().int().min(0).max(65_535),
      /** The token's global budget, shared by every instance; Discord allows 50, the default keeps two for arrival jitter. */
      requestsPerSecond: z.number().int().min(1).max(50),
    }),
  }).superRefine((discord, ctx) => {
    if (discord.shards === undefined) return;
    if (discord.shardCount === undefined) {
      ctx.addIssue({ code: 'custom', path: ['shards'], message: 'needs DISCORD_SHARD_COUNT too: the total number of shards across all instances' });
      return;
    }
    const count = discord.shardCount;
    const outside = discord.shards.filter((id) => id >= count);
    if (outside.length > 0) ctx.addIssue({ code: 'custom', path: ['shards'], message: `shard ids run from 0 to ${count - 1} with ${count} shards; got ${outside.join(', ')}` });
    const twice = discord.shards.filter((id, index) => discord.shards?.indexOf(id) !== index);
    if (twice.length > 0) ctx.addIssue({ code: 'custom', path: ['shards'], message: `lists shard ${twice.join(', ')} more than once` });
  }),
  slack: z.object({
    botToken: optionalSecret,
    signingSecret: optionalSecret,
    appToken: optionalSecret,
    /** The OAuth install flow (many workspaces): all three, instead of botToken. */
    clientId: optionalSecret,
    clientSecret: optionalSecret,
    stateSecret: optionalSecret,
    /** The redirect URL registered with Slack, when the app has more than one. */
    redirectUri: z.url({ protocol: /^https?$/ }).optional(),
    apiUrl: z.url().optional(),
    host: z.string().min(1),
    port: z.number().int().min(0).max(65_535),
    /** Users allowed to subscribe and post besides workspace admins and owners. */
    adminUserIds: z.array(z.string().regex(/^[UW][A-Z0-9]+$/u, 'must be Slack user ids such as U012ABCDEF')),
  }),
  /** Encrypts stored secrets (Slack installation tokens); required with the OAuth install flow. */
  secretKey: optionalSecret,
}).superRefine((config, context) => {
  for (const problem of oauthProblems(config.slack, config.secretKey)) context.addIssue({ code: 'custom', ...problem });
});

const OAUTH_SETTINGS = [
  { key: 'clientId', variable: 'SLACK_CLIENT_ID' },
  { key: 'clientSecret', variable: 'SLACK_CLIENT_SECRET' },
  { key: 'stateSecret', variable: 'SLACK_STATE_SECRET' },
] as const;

/** The shortest SLACK_STATE_SECRET accepted: it signs the install flow's state. */
export const MIN_STATE_SECRET_LENGTH = 16;

/** The OAuth install flow is all or nothing, excludes a single bot token, and needs the secret key. */
function oauthProblems(
  slack: { botToken?: string | undefined; clientId?: string | undefined; clientSecret?: string | undefined; stateSecret?: string | undefined },
  secretKey: string | undefined,
): { path: string[]; message: string }[] {
  const set = OAUTH_SETTINGS.filter((setting) => slack[setting.key] !== undefined);
  if (set.length === 0) return [];
  const all = OAUTH_SETTINGS.map((setting) => setting.variable).join(', ');
  const problems = OAUTH_SETTINGS.filter((setting) => slack[setting.key] === undefined)
    .map((setting) => ({ path: ['slack', setting.key], message: `${setting.variable} is not set; the Slack install flow needs ${all}` }));
  if (slack.botToken !== undefined) {
    problems.push({ path: ['slack', 'botToken'], message: 'cannot be combined with the install flow: set SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID/SECRET for many' });
  }
  if (slack.stateSecret !== undefined && slack.stateSecret.length < MIN_STATE_SECRET_LENGTH) {
    problems.push({ path: ['slack', 'stateSecret'], message: `must be at least ${MIN_STATE_SECRET_LENGTH} characters: it signs the install flow's state` });
  }
  if (secretKey === undefined || secretKey.length < MIN_SECRET_KEY_LENGTH) {
    problems.push({
      path: ['secretKey'],
      message: `must be set to ${MIN_SECRET_KEY_LENGTH} or more characters (PAPERBOY_SECRET_KEY) when the Slack install flow is on: it encrypts the stored workspace tokens`,
    });
  }
  return problems;
}

export type Config = z.infer<typeof configSchema>;

/** Environment variables, what they set, and the hint shown when one is wrong. */
const ENVIRONMENT = [
  { name: 'HF_BASE_URL', path: ['huggingFace', 'baseUrl'], kind: 'string' },
  { name: 'HF_TOKEN', path: ['huggingFace', 'token'], kind: 'string' },
  { name: 'DATABASE_PATH', path: ['database', 'path'], kind: 'string' },
  { name: 'DATABASE_URL', path: ['database', 'url'], kind: 'string' },
  { name: 'DATABASE_POOL_SIZE', path: ['database', 'poolSize'], kind: 'integer' },
  { name: 'SEARCH_COPY_PATH', path: ['search', 'copyPath'], kind: 'string' },
  { name: 'LOG_LEVEL', path: ['log', 'level'], kind: 'string' },
  { name: 'DISCORD_TOKEN', path: ['discord', 'token'], kind: 'string' },
  { name: 'DISCORD_API_URL', path: ['discord', 'apiUrl'], kind: 'string' },
  { name: 'DISCORD_PROXY_URL', path: ['discord', 'proxyUrl'], kind: 'string' },
  { name: 'DISCORD_SHARD_COUNT', path: ['discord', 'shardCount'], kind: 'integer' },
  { name: 'DISCORD_SHARDS', path: ['discord', 'shards'], kind: 'integers' },
  { name: 'DISCORD_PROXY_HOST', path: ['discord', 'proxy', 'host'], kind: 'string' },
  { name: 'DISCORD_PROXY_PORT', path: ['discord', 'proxy', 'port'], kind: 'integer' },
  { name: 'DISCORD_PROXY_REQUESTS_PER_SECOND', path: ['discord', 'proxy', 'requestsPerSecond'], kind: 'integer' },
  { name: 'SLACK_BOT_TOKEN', path: ['slack', 'botToken'], kind: 'string' },
  { name: 'SLACK_SIGNING_SECRET', path: ['slack', 'signingSecret'], kind: 'string' },
  { name: 'SLACK_APP_TOKEN', path: ['slack', 'appToken'], kind: 'string' },
  { name: 'SLACK_CLIENT_ID', path: ['slack', 'clientId'], kind: 'string' },
  { name: 'SLACK_CLIENT_SECRET', path: ['slack', 'clientSecret'], kind: 'string' },
  { name: 'SLACK_STATE_SECRET', path: ['slack', 'stateSecret'], kind: 'string' },
  { name: 'SLACK_REDIRECT_URI', path: ['slack', 'redirectUri'], kind: 'string' },
  { name: 'PAPERBOY_SECRET_KEY', path: ['secretKey'], kind: 'string' },
  { name: 'SLACK_API_URL', path: ['slack', 'apiUrl'], kind: 'string' },
  { name: 'SLACK_HOST', path: ['slack', 'host'], kind: 'string' },
  { name: 'SLACK_PORT', path: ['slack', 'port'], kind: 'integer' },
  { name: 'HEALTH_PORT', path: ['health', 'port'], kind: 'integer' },
  { name: 'HEALTH_HOST', path: ['health', 'host'], kind: 'string' },
] as const;

/** Deployment defaults that have no place in config/default.json because they are per host. */
const BUILT_IN = { discord: { proxy: { host: '127.0.0.1', port: 8080, requestsPerSecond: 48 } }, slack: { host: '0.0.0.0', port: 3000 } };

/** A hint per setting, shown after its problem. */
const HINTS: Record<string, string> = {
  'huggingFace.baseUrl': 'an http(s) URL such as https://huggingface.co',
  'huggingFace.timeoutMs': 'milliseconds, e.g. 10000',
  'database.path': 'a file path such as ./data/paperboy.db',
  'database.url': 'e.g. postgres://paperboy:secret@127.0.0.1:5432/paperboy, or leave unset for the SQLite file',
  'database.poolSize': 'a number of connections such as 10',
  'search.copyPath': "a file path such as ./data/search-copy.db, ':memory:', or 'off'",
  'digest.time': 'e.g. 09:00',
  'digest.timezone': 'see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones',
  'discord.apiUrl': 'e.g. http://127.0.0.1:8080/api, or leave unset for Discord itself',
  'discord.proxyUrl': 'the address of paperboy discord-proxy, e.g. http://10.0.0.5:8080',
  'discord.shardCount': 'a whole number such as 4',
  'discord.shards': 'comma-separated shard ids such as 0,1',
  'discord.proxy.port': 'a port number such as 8080',
  'discord.proxy.requestsPerSecond': 'a whole number from 1 to 50',
  'slack.apiUrl': 'e.g. http://127.0.0.1:8080/api/, or leave unset for Slack itself',
  'slack.port': 'a port number such as 3000',
  'slack.redirectUri': 'e.g. https://paperboy.example.com/slack/oauth_redirect, as registered under OAuth & Permissions',
  secretKey: 'a random string, e.g. from: openssl rand -base64 48',
  'health.port': 'a port number such as 9090',
};

export interface ConfigProblem {
  /** Dotted path in the config, or the file or variable that was wrong. */
  readonly path: string;
  readonly message: string;
  readonly hint?: string | undefined;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

export interface LoadConfigOptions {
  /** Folder holding default.json and the optional local.json. */
  configDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

export function loadConfig(options: LoadConfigOptions): ConfigResult {
  const problems: ConfigProblem[] = [];
  const defaults = readJsonFile(join(options.configDir, 'default.json'), true, problems);
  const local = readJsonFile(join(options.configDir, 'local.json'), false, problems);
  const merged = deepMerge(deepMerge(structuredClone(BUILT_IN), defaults ?? {}), local ?? {});

  const envSource = new Map<string, string>();
  for (const variable of ENVIRONMENT) {
    const raw = options.env[variable.name];
    if (raw === undefined || raw.trim() === '') continue;
    let value: unknown = raw.trim();
    if (variable.kind === 'integer') value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    // Anything but a comma-separated list of whole numbers stays a string, which the schema rejects.
    if (variable.kind === 'integers') value = /^\d+(\s*,\s*\d+)*$/u.test(raw.trim()) ? raw.split(',').map((part) => Number(part.trim())) : raw;
    setPath(merged, variable.path, value);
    envSource.set(variable.path.join('.'), variable.name);
  }
  if (problems.length > 0) return { ok: false, problems };

  const parsed = configSchema.safeParse(merged);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const variable = envSource.get(path);
      return { path: variable ? `${path} (from ${variable})` : path || '(root)', message: issue.message, hint: HINTS[path] };
    }),
  };
}

/** The exact lines `paperboy` prints when the configuration is unusable. */
export function formatConfigProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((problem) => `  ${problem.path}: ${problem.message}${problem.hint ? ` (expected ${problem.hint})` : ''}`);
  return [
    `Configuration is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
    ...lines,
    'Hint: defaults live in config/default.json, overrides in config/local.json, secrets and',
    'deployment values in the environment or .env (see .env.example for every variable).',
  ].join('\n');
}

function readJsonFile(path: string, required: boolean, problems: ConfigProblem[]): Record<string, unknown> | undefined {
  if (!existsSync(path)) {
    if (required) problems.push({ path, message: 'file is missing (restore it from the repository)' });
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (isPlainObject(value)) return value;
    problems.push({ path, message: 'must hold a JSON object' });
  } catch (error) {
    problems.push({ path, message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` });
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const existing = result[key];
    result[key] = isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : value;
  }
  return result;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (!isPlainObject(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
}
