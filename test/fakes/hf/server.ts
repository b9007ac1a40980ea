/**
 * A loopback stand-in for huggingface.co's three paper routes. It replays what tests give it,
 * pages /api/daily_papers the way HF does (`p`, `limit`, `Link: rel="next"`), records every
 * request, and can misbehave on demand for the next N requests.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, e.g. `/api/daily_papers?date=2026-06-12&limit=100&p=0`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export type HfFault =
  /** Any status with an optional body and headers, e.g. 500 or 400. */
  | { readonly kind: 'status'; readonly status: number; readonly body?: string; readonly headers?: Record<string, string> }
  /** 429 with `RateLimit: "api";r=0;t=<resetSeconds>` (null leaves it out) and/or `Retry-After`. */
  | { readonly kind: 'rate-limit'; readonly resetSeconds?: number | null; readonly retryAfter?: string }
  /** Sends nothing until `ms` pass (default: until close), so the client's timeout fires. */
  | { readonly kind: 'hang'; readonly ms?: number }
  /** The route's real answer, cut in half, with status 200 and JSON content type. */
  | { readonly kind: 'truncated-json' }
  /** A 200 (or `status`) with exactly this body. */
  | { readonly kind: 'body'; readonly body: string; readonly status?: number };

export interface DayOptions {
  /** Send `Link: …; rel="next"` when more pages remain (HF does). Default true. */
  readonly linkHeader?: boolean;
}

export interface HfServer {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  setDay(date: string, items: readonly unknown[], options?: DayOptions): void;
  setSearch(q: string, items: readonly unknown[]): void;
  setPaper(id: string, body: unknown): void;
  failNext(fault: HfFault, count?: number): void;
  close(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

const json = (status: number, value: unknown, headers?: Record<string, string>): Answer =>
  headers === undefined ? { status, body: JSON.stringify(value) } : { status, body: JSON.stringify(value), headers };

function intParam(params: URLSearchParams, name: string, fallback: number): number {
  const value = Number.parseInt(params.get(name) ?? '', 10);
  return Number.isNaN(value) ? fallback : value;
}

export async function startHfServer(): Promise<HfServer> {
  const days = new Map<string, { items: readonly unknown[]; options: DayOptions }>();
  const searches = new Map<string, readonly unknown[]>();
  const papers = new Map<string, unknown>();
  const faults: HfFault[] = [];
  const requests: RecordedRequest[] = [];
  const hangs = new Set<NodeJS.Timeout>();

  function route(url: URL): Answer {
    const params = url.searchParams;
    if (url.pathname === '/api/daily_papers') {
      const date = params.get('date') ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/u.test(date)) return json(400, { error: 'Invalid date' });
      const limit = Math.min(100, Math.max(1, intParam(params, 'limit', 50)));
      const page = Math.max(0, intParam(params, 'p', 0));
      const day = days.get(date) ?? { items: [], options: {} };
      const start = page * limit;
      const items = day.items.slice(start, start + limit);
      const more = start + limit < day.items.length && day.options.linkHeader !== false;
      const link = `</api/daily_papers?date=${date}&p=${page + 1}&limit=${limit}>; rel="next"`;
      return json(200, items, more ? { link } : undefined);
    }
    if (url.pathname === '/api/papers/search') {
      const limit = intParam(params, 'limit', 120);
      return json(200, (searches.get(params.get('q') ?? '') ?? []).slice(0, limit));
    }
    const paper = /^\/api\/papers\/([^/]+)$/u.exec(url.pathname);
    if (paper?.[1] !== undefined && papers.has(paper[1])) return json(200, papers.get(paper[1]));
    return json(404, { error: 'Not Found' });
  }

  function send(res: ServerResponse, answer: Answer): void {
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
    res.end(answer.body);
  }

  function faulty(fault: HfFault, url: URL, res: ServerResponse): void {
    switch (fault.kind) {
      case 'status':
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? JSON.stringify({ error: `fault ${fault.status}` }));
        return;
      case 'rate-limit': {
        const headers: Record<string, string> = {};
        const reset = fault.resetSeconds === undefined ? 1 : fault.resetSeconds;
        if (reset !== null) headers.ratelimit = `"api";r=0;t=${reset}`;
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
        send(res, json(429, { error: 'rate limited' }, headers));
        return;
      }
      case 'hang': {
        const timer = setTimeout(() => {
          hangs.delete(timer);
          send(res, route(url));
        }, fault.ms ?? 2 ** 31 - 1);
        hangs.add(timer);
        res.on('close', () => {
          clearTimeout(timer);
          hangs.delete(timer);
        });
        return;
      }
      case 'truncated-json': {
        const answer = route(url);
        send(res, { ...answer, status: 200, body: answer.body.slice(0, Math.max(1, Math.floor(answer.body.length / 2))) });
        return;
      }
      case 'body':
        res.writeHead(fault.status ?? 200, { 'content-type': 'application/json' });
        res.end(fault.body);
        return;
    }
  }

  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fault = faults.shift();
    if (fault !== undefined) faulty(fault, url, res);
    else send(res, route(url));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    setDay: (date, items, options = {}) => {
      days.set(date, { items: [...items], options });
    },
    setSearch: (q, items) => {
      searches.set(q, [...items]);
    },
    setPaper: (id, body) => {
      papers.set(id, body);
    },
    failNext: (fault, count = 1) => {
      for (let i = 0; i < count; i++) faults.push(fault);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of hangs) clearTimeout(timer);
        hangs.clear();
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
