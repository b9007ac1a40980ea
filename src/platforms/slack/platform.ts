/**
 * The Slack platform: one Bolt app, over HTTP (receiver.ts: signed requests on
 * config.slack.host:port at /slack/events, checked and bounded before Bolt's HTTPReceiver
 * sees them) or over Socket Mode when SLACK_APP_TOKEN is set.
 *
 * One workspace (SLACK_BOT_TOKEN): the bot token is checked with auth.test before anything
 * listens, so a wrong token stops `paperboy start` with a clear message instead of failing on
 * the first command. Many workspaces (SLACK_CLIENT_ID/SECRET, SLACK_STATE_SECRET): Bolt serves
 * the install flow (install-flow.ts; over HTTP its pages pass the same receiver and limits),
 * and every request, post and lookup uses the installation of its own workspace
 * (workspaces.ts); uninstalls pause that workspace's digests (handlers/lifecycle.ts).
 */
import type { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import { App, type Logger as BoltLogger } from '@slack/bolt';
import type { Config } from '../../config.js';
import { AppError, describeError, ErrorCode } from '../../core/errors.js';
import type { Logger } from '../../logger.js';
import { createInFlight } from '../common/in-flight.js';
import { createTurns } from '../common/turns.js';
import type { PlatformContext, PlatformFactory, PlatformStartDeps, PreparedPlatform, RunningPlatform } from '../platform.js';
import { boltLevelFor, createBoltLogger } from './bolt-logger.js';
import { boltClientOptions } from './client.js';
import { slackErrorCode } from './errors.js';
import { createReactionGate } from './event-dedupe.js';
import { registerHandlers } from './handlers/router.js';
import { createInstallFlow, INSTALL_PATH, type InstallFlow } from './install-flow.js';
import { createSlackHttpReceiver } from './receiver.js';
import { createSlackPeople } from './permissions.js';
import { createSlackAlerter } from './alerter.js';
import { createSlackPoster } from './poster.js';
import { installedWorkspaceClients, singleWorkspaceClients, type WorkspaceClients } from './workspaces.js';

/** How long stop() waits for acked work (a digest being posted) before closing anyway. */
export const STOP_GRACE_MS = 10_000;

export interface RunningSlackPlatform extends RunningPlatform {
  readonly name: 'slack';
  readonly mode: 'http' | 'socket';
  /** One workspace (a bot token), or many through the install flow. */
  readonly workspaces: 'single' | 'installed';
  /**
   * The port Bolt's HTTP receiver listens on (useful when config.slack.port is 0); in Socket
   * Mode, the port of the install flow's pages, if there are any.
   */
  readonly port: number | undefined;
}

export function isRunningSlackPlatform(platform: RunningPlatform): platform is RunningSlackPlatform {
  return platform.name === 'slack' && 'mode' in platform;
}

const NEEDS = 'needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode), or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode); '
  + 'for many workspaces, SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET instead of SLACK_BOT_TOKEN';

/** Why Slack cannot start with this config, naming the unset variables; undefined when it can. */
export function slackMissing(config: Config): string | undefined {
  const { botToken, signingSecret, appToken, clientId } = config.slack;
  const socketMode = appToken !== undefined;
  const installFlow = clientId !== undefined;
  const unset = [
    botToken === undefined && !installFlow ? 'SLACK_BOT_TOKEN' : undefined,
    !socketMode && signingSecret === undefined ? 'SLACK_SIGNING_SECRET' : undefined,
  ].filter((name): name is string => name !== undefined);
  if (botToken === undefined && !installFlow && signingSecret === undefined && !socketMode) return `not configured: ${NEEDS}`;
  if (unset.length > 0) return `${unset.join(' and ')} ${unset.length === 1 ? 'is' : 'are'} not set; Slack ${NEEDS}`;
  if (botToken !== undefined && !botToken.startsWith('xoxb-')) return 'SLACK_BOT_TOKEN must be the bot token (it starts with xoxb-), from OAuth & Permissions';
  if (appToken !== undefined && !appToken.startsWith('xapp-')) return 'SLACK_APP_TOKEN must be an app-level token (it starts with xapp-), from Basic Information → App-Level Tokens';
  return undefined;
}

async function verifyBotToken(clients: WorkspaceClients, apiUrl: string | undefined) {
  try {
    const identity = await (await clients.reader('')).auth.test();
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

interface SlackSetup {
  readonly context: PlatformContext;
  readonly logger: Logger;
  readonly boltLogger: BoltLogger;
  readonly clients: WorkspaceClients;
  /** The install flow, when Paperboy serves many workspaces. */
  readonly flow: InstallFlow | undefined;
}

function prepareSlack(context: PlatformContext): PreparedPlatform {
  const missing = slackMissing(context.config);
  if (missing !== undefined) throw new AppError(ErrorCode.ConfigInvalid, `Slack: ${missing}`);
  const { botToken, signingSecret, appToken, apiUrl, clientId, clientSecret, stateSecret, redirectUri } = context.config.slack;
  const { secretKey } = context.config;
  const logger = context.logger.child({ module: 'slack' });
  const boltLogger = createBoltLogger(logger, [botToken, signingSecret, appToken, clientSecret, stateSecret, secretKey]);
  const clientSettings = { apiUrl, logger: boltLogger };
  let flow: InstallFlow | undefined;
  let clients: WorkspaceClients;
  if (clientId !== undefined && clientSecret !== undefined && stateSecret !== undefined && secretKey !== undefined) {
    flow = createInstallFlow(
      { clientId, clientSecret, stateSecret, secretKey, redirectUri, apiUrl },
      { store: context.installations, marks: context.deliveryMarks, clock: context.clock, logger, boltLogger, client: clientSettings },
    );
    clients = installedWorkspaceClients(flow.authorize, clientSettings);
  } else if (botToken !== undefined) {
    clients = singleWorkspaceClients(botToken, clientSettings);
  } else {
    throw new AppError(ErrorCode.ConfigInvalid, 'Slack: set SLACK_BOT_TOKEN, or the install flow (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, PAPERBOY_SECRET_KEY)');
  }
  const emoji = context.config.votes.slackEmoji;
  return {
    name: 'slack',
    // Slack's limits belong to each workspace's token; a workspace's backlog must not hold the others'.
    rateLimits: 'per-workspace',
    poster: createSlackPoster({ clients, emoji, logger }),
    alerter: createSlackAlerter({ clients, logger }),
    start: (deps) => startSlack({ context, logger, boltLogger, clients, flow }, deps),
  };
}

/** How the App authenticates: the one bot token, or each workspace's installation. */
async function appAuth(setup: SlackSetup, deps: PlatformStartDeps) {
  const { context, clients, flow } = setup;
  if (flow !== undefined) {
    return { options: flow.appOptions(async (workspaces) => { await deps.useCases.workspacesInstalled('slack', workspaces); }), team: undefined };
  }
  const identity = await verifyBotToken(clients, context.config.slack.apiUrl);
  return {
    options: {
      token: context.config.slack.botToken,
      botUserId: identity.botUserId,
      ...(identity.botId === undefined ? {} : { botId: identity.botId }),
      tokenVerificationEnabled: false,
    },
    team: identity.teamId,
  };
}

async function startSlack(setup: SlackSetup, deps: PlatformStartDeps): Promise<RunningSlackPlatform> {
  const { context, logger, boltLogger, clients, flow } = setup;
  const { signingSecret, appToken, apiUrl, host, port } = context.config.slack;
  const auth = await appAuth(setup, deps);
  const common = {
    ...auth.options,
    logger: boltLogger,
    logLevel: boltLevelFor(logger.level),
    clientOptions: boltClientOptions({ apiUrl, logger: boltLogger }),
  };
  const socketMode = appToken !== undefined;
  if (!socketMode && signingSecret === undefined) throw new AppError(ErrorCode.ConfigInvalid, 'Slack: SLACK_SIGNING_SECRET is not set');
  // In Socket Mode the install flow's pages get an HTTP server of their own, on SLACK_PORT.
  const installerOptions = flow !== undefined && 'installerOptions' in auth.options ? { installerOptions: { ...auth.options.installerOptions, ...(socketMode ? { port } : {}) } } : {};
  const receiver = socketMode || signingSecret === undefined ? undefined : createSlackHttpReceiver({
    signingSecret,
    logger: boltLogger,
    marks: context.deliveryMarks,
    onRefused: (reason) => deps.observeRefusal?.('slack', reason),
    // The install flow's settings go to the receiver, whose installer then authorizes requests.
    // As Bolt's App does for its own receiver: the installer's Web API calls (oauth.v2.access)
    // use the App's client options (the API base, timeouts).
    oauth: flow !== undefined && 'clientId' in auth.options
      ? { ...auth.options, installerOptions: { clientOptions: common.clientOptions, ...auth.options.installerOptions } }
      : undefined,
  });
  const app = receiver === undefined
    ? new App({ ...common, ...installerOptions, socketMode: true, ...(appToken === undefined ? {} : { appToken }) })
    : new App({ ...(flow === undefined ? common : { logger: common.logger, logLevel: common.logLevel, clientOptions: common.clientOptions }), receiver });
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
      usersInfo: async ({ user, team }) => {
        const answer = await (await clients.reader(team)).users.info({ user });
        return { user: answer.user === undefined ? undefined : { ...answer.user } };
      },
      adminUserIds: context.config.slack.adminUserIds,
      clock: context.clock,
    }),
    reactions: createReactionGate(context.deliveryMarks, context.clock),
    emoji: context.config.votes.slackEmoji,
    pageSize: context.config.search.pageSize,
    observeCommand: deps.observeCommand,
    onThrottled: () => deps.observeThrottled?.('slack'),
    track: (work) => inFlight.run(async () => {
      await turns.take();
      return work();
    }),
  }, flow?.installations);

  const installPages = socketMode && flow !== undefined ? installServerOf(app) : undefined;
  let server: Server | undefined;
  try {
    if (receiver === undefined) await app.start();
    else server = await receiver.start({ port, host });
    if (installPages !== undefined) server = await installPages;
  } catch (error) {
    const hint = socketMode ? 'check SLACK_APP_TOKEN (xapp-…, scope connections:write)' : `is ${host}:${port} free? Set SLACK_PORT/SLACK_HOST`;
    throw new AppError(ErrorCode.PlatformFailure, `Slack could not start (${describeError(error)}); ${hint}`, { cause: error });
  }
  const connection = socketMode ? trackSocketConnection(app) : undefined;
  const boundPort = portOf(server);
  logger.info({
    mode: socketMode ? 'socket' : 'http',
    workspaces: flow === undefined ? 'single' : 'installed',
    host: socketMode ? undefined : host,
    port: boundPort,
    team: auth.team,
    installPath: flow === undefined ? undefined : INSTALL_PATH,
  }, 'slack app listening');

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
    workspaces: flow === undefined ? 'single' : 'installed',
    port: boundPort,
    isConnected: () => (connection ? connection.connected : server?.listening === true),
    stop: () => (stopping ??= stop()),
  };
}

function portOf(server: Server | undefined): number | undefined {
  const address = server?.address();
  return address !== null && typeof address === 'object' ? address.port : undefined;
}

/**
 * The install pages' server in Socket Mode, once it listens. Bolt keeps it private and starts
 * it without waiting; this is called before `app.start()`, so a busy port fails the start
 * instead of surfacing later as an unhandled error event.
 */
function installServerOf(app: App): Promise<Server> | undefined {
  const server = (app as unknown as { receiver?: { httpServer?: Server } }).receiver?.httpServer;
  if (server === undefined) return undefined;
  const listening = new Promise<Server>((resolve, reject) => {
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
  // Awaited after app.start(); until then a failure must not count as unhandled.
  listening.catch(() => undefined);
  return listening;
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
