/**
 * What never reaches a log line, whatever shape the logged value has. pino's own `redact`
 * takes fixed, case-sensitive paths, so `Authorization` (as axios and undici spell it) or a
 * token four levels down inside an SDK error slipped through. This walks every logged value
 * instead: any key that names a secret, in any case and at any depth, inside plain objects,
 * arrays and errors (their causes, `original`, `config.headers`, `requestBody` ...), is
 * replaced; and every string is scrubbed of token shapes (Slack tokens, `Bearer`/`Bot`
 * credentials, Discord interaction and webhook tokens in URLs) and of the configured secrets
 * themselves.
 */

export const REDACTED = '[redacted]';

/** Deeper than any SDK error we have seen; past it, values are summarised. */
const MAX_DEPTH = 12;
const MAX_ARRAY_ITEMS = 200;

/** A key names a secret when, lower-cased and without `-`/`_`, it is one of these or ends like them. */
// `secretkey` and `sealed`: the Slack install flow's key and its sealed installations;
// `databaseurl` and `connectionstring`: a PostgreSQL URL carries its password.
const SECRET_KEYS = new Set([
  'authorization', 'proxyauthorization', 'cookie', 'setcookie', 'xslacksignature', 'apikey', 'password', 'passwd', 'credentials', 'secretkey', 'sealed',
  'databaseurl', 'connectionstring',
]);
const SECRET_SUFFIXES = ['token', 'secret', 'password'];

export function isSecretKey(key: string): boolean {
  const normal = key.toLowerCase().replace(/[-_]/gu, '');
  return SECRET_KEYS.has(normal) || SECRET_SUFFIXES.some((suffix) => normal.endsWith(suffix));
}

const TOKEN_PATTERNS: readonly RegExp[] = [
  // Slack bot, user, app-level and refresh tokens.
  /\bxox[abposre]-[A-Za-z0-9-]+/gu,
  /\bxapp-[A-Za-z0-9-]+/gu,
  // An Authorization header's credentials, wherever it was printed.
  /\bBearer\s+[A-Za-z0-9._~+/=-]{6,}/gu,
  // Discord's `Bot <token>` and HTTP Basic; a digit is required so prose ("Basic usage") stays.
  /\b(?:Bot|Basic)\s+(?=[A-Za-z._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}/gu,
];
/** Interaction and webhook tokens sit in Discord URL paths; good as a password for 15 minutes. */
const DISCORD_URL_TOKEN = /\/(interactions|webhooks)\/(\d+)\/[^/?#\s"']+/gu;
/** A secret-named field inside text: JSON (`"token":"…"`) or a form body (`token=…`), as SDKs log raw bodies. */
const JSON_FIELD = /("[\w-]*(?:token|secret|password|authorization)"\s*:\s*")[^"]*(")/giu;
const FORM_FIELD = /(\b[\w-]*(?:token|secret|password)=)[^&\s"]+/giu;
/** The install flow's one-time OAuth `code` in a logged request or response body. */
const OAUTH_CODE = /("code"\s*:\s*")[^"]*(")|(\bcode=)[^&\s"]+/gu;

function isPlainObject(item: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(item);
  return prototype === null || prototype === Object.prototype;
}

export type Scrubber = (text: string) => string;

/** Removes token shapes and the given secret values (6 characters or more) from text. */
export function createScrubber(secrets: readonly (string | undefined)[] = []): Scrubber {
  const literal = [...new Set(secrets.filter((secret): secret is string => secret !== undefined && secret.length >= 6))]
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of literal) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
    return out
      .replace(DISCORD_URL_TOKEN, `/$1/$2/${REDACTED}`)
      .replace(JSON_FIELD, `$1${REDACTED}$2`)
      .replace(FORM_FIELD, `$1${REDACTED}`)
      .replace(OAUTH_CODE, (_match, json?: string, close?: string, form?: string) => (form === undefined ? `${json ?? ''}${REDACTED}${close ?? ''}` : `${form}${REDACTED}`));
  };
}

/**
 * A copy of `value` safe to log. Errors become plain objects in pino's shape (`type`,
 * `message`, `stack`, then their own fields), so the log still names the class and the cause.
 */
export function redactDeep(value: unknown, scrub: Scrubber): unknown {
  const seen = new WeakSet<object>();

  function walk(item: unknown, depth: number): unknown {
    if (typeof item === 'string') return scrub(item);
    if (typeof item !== 'object' || item === null) return typeof item === 'function' ? undefined : item;
    if (seen.has(item)) return '[circular]';
    if (depth > MAX_DEPTH) return '[too deep]';
    if (ArrayBuffer.isView(item)) return `[${item.byteLength} bytes]`;
    if (item instanceof Date) return item;
    if (item instanceof URL) return scrub(item.href);
    // Sockets, requests, clients and header classes hang off SDK errors; their insides are
    // large, circular and may hold credentials, and a log line needs none of them.
    if (!Array.isArray(item) && !(item instanceof Error) && !isPlainObject(item)) return `[${(item as { constructor?: { name?: string } }).constructor?.name ?? 'object'}]`;
    seen.add(item);
    try {
      if (Array.isArray(item)) {
        const shown = item.slice(0, MAX_ARRAY_ITEMS).map((entry) => walk(entry, depth + 1));
        return item.length > MAX_ARRAY_ITEMS ? [...shown, `[${item.length - MAX_ARRAY_ITEMS} more]`] : shown;
      }
      const out: Record<string, unknown> = {};
      if (item instanceof Error) {
        out.type = item.constructor.name === 'Object' ? item.name : item.constructor.name;
        out.message = scrub(item.message);
        if (item.stack !== undefined) out.stack = scrub(item.stack);
      }
      for (const key of Object.keys(item)) {
        let child: unknown;
        try {
          child = (item as Record<string, unknown>)[key];
        } catch {
          continue;
        }
        out[key] = isSecretKey(key) && child !== undefined && child !== null ? REDACTED : walk(child, depth + 1);
      }
      if (item instanceof Error && item.cause !== undefined && !('cause' in out)) out.cause = walk(item.cause, depth + 1);
      return out;
    } finally {
      seen.delete(item);
    }
  }

  return walk(value, 0);
}
