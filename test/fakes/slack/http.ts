/** HTTP plumbing of the fake Slack: reading bodies, parsing Web API arguments as Slack does, answering JSON. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Args } from './model.js';

const JSON_ARGS = new Set(['blocks', 'attachments', 'metadata', 'unfurls']);

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function parseArgs(raw: string, contentType: string | undefined, query: URLSearchParams): Args {
  const args: Args = Object.fromEntries(query);
  if (contentType?.startsWith('application/json') === true) {
    Object.assign(args, raw === '' ? {} : (JSON.parse(raw) as Args));
    return args;
  }
  for (const [key, value] of new URLSearchParams(raw)) {
    if (!JSON_ARGS.has(key)) {
      args[key] = value;
      continue;
    }
    try {
      args[key] = JSON.parse(value);
    } catch {
      args[key] = value; // left as a string so the block check answers invalid_blocks_format
    }
  }
  return args;
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

