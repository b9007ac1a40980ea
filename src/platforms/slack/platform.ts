/**
 * The Slack platform: one Bolt app, over HTTP (Bolt's HTTPReceiver, signed requests on
 * config.slack.host:port at /slack/events) or over Socket Mode when SLACK_APP_TOKEN is set.
 * The bot token is checked with auth.test before anything listens, so a wrong token stops
 * `paperboy start` with a clear message instead of failing on the first command.
 */
import type { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import { App, webApi, type Logger as BoltLogger } from '@slack/bolt';
import type { Config } from '../../config.js';
import { AppError, describeError, ErrorCode } from '../../core/errors.js';
import type { Logger } from '../../logger.js';
import { createInFlight } from '../common/in-flight.js';
import { createTurns } from '../common/turns.js';
import type { PlatformContext, PlatformFactory, PlatformStartDeps, PreparedPlatform, RunningPlatform } from '../platform.js';
import { boltLevelFor, createBoltLogger } from './bolt-logger.js';
import { boltClientOptions, createPostingClient } from './client.js';
import { slackErrorCode } from './errors.js';
import { createReactionGate } from './event-dedupe.js';
import { registerHandlers } from './handlers/router.js';
import { createSlackPeople } from './permissions.js';
import { createSlackPoster } from './poster.js';

/** How long stop() waits for acked work (a digest being posted) before closing anyway. */
export const STOP_GRACE_MS = 10_000;

export interface RunningSlackPlatform extends RunningPlatform {
  readonly name: 'slack';
  readonly mode: 'http' | 'socket';
  /** The port Bolt's HTTP receiver listens on (useful when config.slack.port is 0); undefined in Socket Mode. */
  readonly port: number | undefined;
}

export function isRunningSlackPlatform(platform: RunningPlatform): platform is RunningSlackPlatform {
  return platform.name === 'slack' && 'mode' in platform;
}

/** Why Slack cannot start with this config, naming the unset variables; undefined when it can. */
export function slackMissing(config: Config): string | undefined {
  const { botToken, signingSecret, appToken } = config.slack;
  const socketMode = appToken !== undefined;
  const unset = [
    botToken === undefined ? 'SLACK_BOT_TOKEN' : undefined,
    !socketMode && signingSecret === undefined ? 'SLACK_SIGNING_SECRET' : undefined,
  ].filter((name): name is string => name !== undefined);
  const needs = 'needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode), or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode)';
  if (botToken === undefined && signingSecret === undefined && !socketMode) return `not configured: ${needs}`;
  if (unset.length > 0) return `${unset.join(' and ')} ${unset.length === 1 ? 'is' : 'are'} not set; Slack ${needs}`;
  if (botToken !== undefined && !botToken.startsWith('xoxb-')) return 'SLACK_BOT_TOKEN must be the bot token (it starts with xoxb-), from OAuth & Permissions';
  if (appToken !== undefined && !appToken.startsWith('xapp-')) return 'SLACK_APP_TOKEN must be an app-level token (it starts with xapp-), from Basic Information → App-Level Tokens';
  return undefined;
}

async function verifyBotToken(client: webApi.WebClient, apiUrl: string | undefined) {
  try {
    const identity = await client.auth.test();
    if (typeof identity.user_id !== 'string') throw new Error('auth.test returned no user_id');
    return { botUserId: identity.user_id, botId: identity.bot_id, teamId: identity.team_id };
  } catch (error) {
    const code = slackErrorCode(error);
    if (code !== undefined) {
      throw new AppError(ErrorCode.ConfigInvalid, `Slack rejected SLACK_BOT_TOKEN (${code}). Copy the Bot User OAuth Token again from your app's OAuth & Permissions page.`, { cause: error });
    }
    throw new AppError(ErrorCode.PlatformFailure, `Could not reach the Slack Web API at ${apiUrl ?? 'https://slack.com/api/'}: ${describeError(error)}`, { cause: error });
  }
}

function prepareSlack(context: PlatformContext): PreparedPlatform {
  const missing = slackMissing(context.config);
  const { botToken, signingSecret, appToken, apiUrl } = context.config.slack;
  if (missing !== undefined || botToken === undefined) throw new AppError(ErrorCode.ConfigInvalid, `Slack: ${missing ?? 'SLACK_BOT_TOKEN is not set'}`);
  const logger = context.logger.child({ module: 'slack' });
  const boltLogger = createBoltLogger(logger, [botToken, signingSecret, appToken]);
  const clientSettings = { apiUrl, logger: boltLogger };
  const emoji = context.config.votes.slackEmoji;
  return {
    name: 'slack',
    poster: createSlackPoster({ client: createPostingClient(botToken, clientSettings), emoji, logger }),
    start: (deps) => startSlack({ context, logger, boltLogger, botToken }, deps),
  };
}

async function startSlack(
  setup: { context: PlatformContext; logger: Logger; boltLogger: BoltLogger; botToken: string },
  deps: PlatformStartDeps,
): Promise<RunningSlackPlatform> {
  const { context, logger, boltLogger, botToken } = setup;
  const { signingSecret, appToken, apiUrl, host, port } = context.config.slack;
  const clientSettings = { apiUrl, logger: boltLogger };
  const readClient = new webApi.WebClient(botToken, boltClientOptions(clientSettings));
  const identity = await verifyBotToken(readClient, apiUrl);

  const common = {
    token: botToken,
    botUserId: identity.botUserId,
    ...(identity.botId === undefined ? {} : { botId: identity.botId }),
    tokenVerificationEnabled: false,
    logger: boltLogger,
    logLevel: boltLevelFor(logger.level),
    clientOptions: boltClientOptions(clientSettings),
  };
  const socketMode = appToken !== undefined;
  const app = socketMode
    ? new App({ ...common, socketMode: true, appToken })
    : new App({ ...common, ...(signingSecret === undefined ? {} : { signingSecret }) });
  app.error(async (error) => {
    logger.error({ err: error }, 'slack listener failed');
    return Promise.resolve();
  });

  const inFlight = createInFlight();
  const turns = createTurns();
  registerHandlers(app, {
    useCases: deps.useCases,
    logger,
    people: createSlackPeople({
      usersInfo: async (args) => {
        const { user } = await readClient.users.info(args);
        return { user: user === undefined ? undefined : { ...user } };
      },
      adminUserIds: context.config.slack.adminUserIds,
      clock: context.clock,
    }),
    reactions: createReactionGate(),
    emoji: context.config.votes.slackEmoji,
    pageSize: context.config.search.pageSize,
    observeCommand: deps.observeCommand,
    track: (work) => inFlight.run(async () => {
      await turns.take();
      return work();
    }),
  });

  let server: Server | undefined;
  try {
    if (socketMode) await app.start();
    else server = await app.start({ port, host });
  } catch (error) {
    const hint = socketMode ? 'check SLACK_APP_TOKEN (xapp-…, scope connections:write)' : `is ${host}:${port} free? Set SLACK_PORT/SLACK_HOST`;
    throw new AppError(ErrorCode.PlatformFailure, `Slack could not start (${describeError(error)}); ${hint}`, { cause: error });
  }
  const connection = socketMode ? trackSocketConnection(app) : undefined;
  const address = server?.address();
  const boundPort = address !== null && typeof address === 'object' ? address.port : undefined;
  logger.info({ mode: socketMode ? 'socket' : 'http', host: socketMode ? undefined : host, port: boundPort, team: identity.teamId, botUserId: identity.botUserId }, 'slack app listening');

  let stopping: Promise<void> | undefined;
  async function stop(): Promise<void> {
    const closing = app.stop().catch((error: unknown) => {
      logger.warn({ err: error }, 'slack receiver did not stop cleanly');
    });
    server?.closeIdleConnections();
    if (!(await inFlight.drain(STOP_GRACE_MS))) logger.warn({ running: inFlight.size }, 'stopped with slack work still running');
    server?.closeAllConnections();
    await closing;
  }

  return {
    name: 'slack',
    mode: socketMode ? 'socket' : 'http',
    port: boundPort,
    isConnected: () => (connection ? connection.connected : server?.listening === true),
    stop: () => (stopping ??= stop()),
  };
}

/**
 * Follows the Socket Mode connection for /healthz. Bolt keeps its receiver private; the
 * SocketModeClient it holds emits `connected` / `disconnected` / `reconnecting`.
 */
function trackSocketConnection(app: App): { readonly connected: boolean } {
  const state = { connected: true };
  const client = (app as unknown as { receiver?: { client?: EventEmitter } }).receiver?.client;
  client?.on('connected', () => (state.connected = true));
  client?.on('disconnected', () => (state.connected = false));
  client?.on('reconnecting', () => (state.connected = false));
  return state;
}

export const slackPlatform: PlatformFactory = {
  name: 'slack',
  missing: slackMissing,
  prepare: prepareSlack,
};
