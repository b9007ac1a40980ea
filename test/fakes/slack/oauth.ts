/**
 * The fake Slack's side of the OAuth install flow and of the tokens it hands out, as Slack
 * documents them (docs.slack.dev "Installing with OAuth", "Using token rotation"):
 *   GET /oauth/v2/authorize  the installing user approves; 302 to the redirect URL with a
 *                            one-time `code` and the app's `state`, or `error=access_denied`
 *   oauth.v2.access          exchanges the code (once, same redirect_uri) for a bot token, and
 *                            with token rotation on a refresh token and `expires_in`; with
 *                            `grant_type=refresh_token` exchanges a refresh token (once: Slack
 *                            revokes it) for a new pair
 * Uninstalling revokes every token of the workspace, as Slack does before it sends
 * `app_uninstalled`. Tests queue who approves the next install with `approveNext`.
 */
import { randomBytes } from 'node:crypto';
import type { Answer, Args } from './model.js';

export interface InstallGrant {
  /** The workspace installing; for an org-wide install, the workspaces the organisation holds. */
  readonly teamId: string;
  readonly teamName?: string;
  readonly enterpriseId?: string;
  /** An Enterprise Grid org-wide install: the token serves every workspace in `teams`. */
  readonly orgWide?: boolean;
  readonly teams?: readonly string[];
  /** The installing user. Default U0001. */
  readonly userId?: string;
  /** The user clicks Cancel. */
  readonly deny?: boolean;
}

export interface OAuthOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Token rotation on: access tokens expire and come with a refresh token. */
  readonly rotation?: {
    /** Lifetime of the token the install hands out (Bolt refreshes within 2 hours of expiry). Default 43200. */
    readonly installLifetimeSeconds?: number;
    /** Lifetime of refreshed tokens. Default 43200 (Slack's 12 hours). */
    readonly lifetimeSeconds?: number;
  };
  /** Where Slack sends the browser back when the authorize URL names no redirect_uri. */
  readonly redirectUri?: string;
}

/** Who a token speaks for. */
export interface Caller {
  readonly userId: string;
  readonly botId: string;
  /** The workspace the token belongs to (for an org-wide token, the first of its workspaces). */
  readonly teamId: string;
  readonly enterpriseId?: string | undefined;
  readonly orgWide: boolean;
  /** Every workspace the token may act in. */
  readonly teams: ReadonlySet<string>;
}

interface Token {
  readonly caller: Caller;
  readonly expiresAt: number | undefined;
  revoked: boolean;
}

/** A bot user id per workspace, so tests can tell installs apart. */
export const botUserIdOf = (grant: { teamId: string; enterpriseId?: string | undefined; orgWide?: boolean | undefined }): string =>
  `U${grant.orgWide === true ? (grant.enterpriseId ?? grant.teamId) : grant.teamId}BOT`;

const fail = (error: string): Answer => ({ ok: false, error });
const random = (): string => randomBytes(9).toString('base64url');

export function createOAuth(options: OAuthOptions) {
  const approvals: InstallGrant[] = [];
  const codes = new Map<string, { grant: InstallGrant; redirectUri: string | undefined; used: boolean }>();
  const tokens = new Map<string, Token>();
  const refreshTokens = new Map<string, { grant: InstallGrant; used: boolean }>();
  const secrets: string[] = [];
  let redirectUri = options.redirectUri;
  let issued = 0;
  let installLifetime = options.rotation?.installLifetimeSeconds;

  const callerOf = (grant: InstallGrant): Caller => ({
    userId: botUserIdOf(grant),
    botId: `B${grant.orgWide === true ? (grant.enterpriseId ?? grant.teamId) : grant.teamId}`,
    teamId: grant.teamId,
    enterpriseId: grant.enterpriseId,
    orgWide: grant.orgWide === true,
    teams: new Set(grant.orgWide === true ? (grant.teams ?? [grant.teamId]) : [grant.teamId]),
  });

  /** A bot token (and with rotation a refresh token) for a grant, as oauth.v2.access returns them. */
  function issue(grant: InstallGrant, lifetime: number | undefined): Answer {
    issued += 1;
    const rotating = options.rotation !== undefined;
    const access = `${rotating ? 'xoxe.xoxb-1' : 'xoxb'}-${grant.teamId}-${issued}-${random()}`;
    const expiresIn = rotating ? (lifetime ?? 43_200) : undefined;
    tokens.set(access, { caller: callerOf(grant), expiresAt: expiresIn === undefined ? undefined : Date.now() / 1000 + expiresIn, revoked: false });
    secrets.push(access);
    const answer: Answer = {
      ok: true,
      app_id: 'A0001',
      authed_user: { id: grant.userId ?? 'U0001' },
      scope: 'commands,chat:write,reactions:read,reactions:write,users:read',
      token_type: 'bot',
      access_token: access,
      bot_user_id: botUserIdOf(grant),
      team: grant.orgWide === true ? null : { id: grant.teamId, name: grant.teamName ?? `Team ${grant.teamId}` },
      enterprise: grant.enterpriseId === undefined ? null : { id: grant.enterpriseId, name: `Org ${grant.enterpriseId}` },
      is_enterprise_install: grant.orgWide === true,
    };
    if (!rotating) return answer;
    const refresh = `xoxe-1-${grant.teamId}-${issued}-${random()}`;
    refreshTokens.set(refresh, { grant, used: false });
    secrets.push(refresh);
    return { ...answer, refresh_token: refresh, expires_in: expiresIn };
  }

  function clientError(args: Args, authorization: string | undefined): Answer | undefined {
    const basic = /^Basic (.+)$/u.exec(authorization ?? '')?.[1];
    const [id, secret] = basic === undefined ? [args.client_id, args.client_secret] : Buffer.from(basic, 'base64').toString().split(':');
    if (id !== options.clientId) return fail('invalid_client_id');
    if (secret !== options.clientSecret) return fail('bad_client_secret');
    return undefined;
  }

  return {
    /** `GET /oauth/v2/authorize`: the status and Location Slack answers the browser with. */
    authorize(query: URLSearchParams): { status: number; location?: string; body?: string } {
      if (query.get('client_id') !== options.clientId) return { status: 400, body: 'invalid_client_id' };
      const target = query.get('redirect_uri') ?? redirectUri;
      if (target === undefined) return { status: 400, body: 'no redirect URL: pass redirect_uri or set one on the fake' };
      const grant = approvals.shift() ?? { teamId: 'T0001' };
      const back = new URL(target);
      const state = query.get('state');
      if (grant.deny === true) back.searchParams.set('error', 'access_denied');
      else {
        const code = `code-${random()}`;
        codes.set(code, { grant, redirectUri: query.get('redirect_uri') ?? undefined, used: false });
        secrets.push(code);
        back.searchParams.set('code', code);
      }
      if (state !== null) back.searchParams.set('state', state);
      return { status: 302, location: back.toString() };
    },

    /** `oauth.v2.access`, both grants. */
    access(args: Args, authorization: string | undefined): Answer {
      const refused = clientError(args, authorization);
      if (refused !== undefined) return refused;
      if (args.grant_type === 'refresh_token') {
        const entry = refreshTokens.get(String(args.refresh_token));
        if (entry === undefined || entry.used) return fail('invalid_refresh_token');
        entry.used = true;
        return issue(entry.grant, options.rotation?.lifetimeSeconds);
      }
      const entry = codes.get(String(args.code));
      if (entry === undefined || entry.used) return fail('invalid_code');
      if (entry.redirectUri !== undefined && entry.redirectUri !== args.redirect_uri) return fail('bad_redirect_uri');
      entry.used = true;
      return issue(entry.grant, installLifetime);
    },

    /** Who a token speaks for, or why Slack refuses it; undefined when this fake never issued it. */
    identify(token: string): Caller | { error: string } | undefined {
      const entry = tokens.get(token);
      if (entry === undefined) return undefined;
      if (entry.revoked) return { error: 'token_revoked' };
      if (entry.expiresAt !== undefined && Date.now() / 1000 >= entry.expiresAt) return { error: 'token_expired' };
      return entry.caller;
    },

    /** The next install is approved as `grant` (default: T0001 by U0001). */
    approveNext: (grant: InstallGrant): void => {
      approvals.push(grant);
    },
    setRedirectUri: (uri: string): void => {
      redirectUri = uri;
    },
    /** Lifetime of the token the next installs hand out (token rotation on). */
    setInstallLifetime: (seconds: number): void => {
      installLifetime = seconds;
    },
    /** Revokes every token of a workspace (or an organisation's), as an uninstall does. */
    revokeAll: (teamOrEnterprise: string): void => {
      for (const token of tokens.values()) {
        if (token.caller.teamId === teamOrEnterprise || token.caller.enterpriseId === teamOrEnterprise) token.revoked = true;
      }
      for (const refresh of refreshTokens.values()) {
        if (refresh.grant.teamId === teamOrEnterprise || refresh.grant.enterpriseId === teamOrEnterprise) refresh.used = true;
      }
    },
    /** Every access token, refresh token and code handed out, for "never logged" checks. */
    secrets: (): readonly string[] => [...secrets],
    /** Access tokens of a workspace, oldest first. */
    tokensOf: (teamId: string): string[] => [...tokens].filter(([, token]) => token.caller.teamId === teamId).map(([value]) => value),
  };
}

export type FakeOAuth = ReturnType<typeof createOAuth>;
