/**
 * Socket Mode for the fake Slack: a `ws` server on the fake's own port at `/socket`. Protocol
 * per the team notes' chat-platforms.md §3.5: `hello` on connect, envelopes out, acks back as
 * `{ envelope_id, payload }`. Frames are JSON text; @slack/socket-mode ignores binary frames.
 *
 * An app may hold several connections at once (Slack allows up to 10 per app), e.g. one per
 * instance. Slack sends each envelope over one of them, not all ("Using multiple connections"
 * in Slack's Socket Mode implementation guide, api.slack.com/apis/connections/socket-implement;
 * bolt-python issue 448: "the Slack API server will send each event to only 1 random
 * connection"). The fake does the same, taking the open connections in turn so a test knows
 * that two connections each get envelopes; a connection told to `disconnect` gets no more.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { createLog } from '../../support/wait-log.js';
import { FAKE_APP_ID } from './model.js';

export interface SocketAck {
  readonly envelope_id: string;
  readonly payload: Record<string, unknown>;
  /** Which connection sent the ack: 1 for the first that connected, and so on. */
  readonly connection: number;
}

/** One envelope sent: over which connection (numbered as in SocketAck). */
export interface SocketDelivery {
  readonly envelopeId: string;
  readonly type: EnvelopeType;
  readonly connection: number;
}

export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';

export interface EnvelopeOptions {
  /** Default `env-<n>`. */
  readonly envelopeId?: string;
  /** Default true for slash_commands and interactive, false for events_api (as Slack sends). */
  readonly acceptsResponsePayload?: boolean;
  /** events_api only: `retry_attempt` / `retry_reason`. Default 0 / ''. */
  readonly retryAttempt?: number;
  readonly retryReason?: string;
  /** How long to wait for a connection and then for the ack. Default 3000. */
  readonly timeoutMs?: number;
}

const frameText = (data: RawData): string =>
  (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');

export function createSocketModeServer() {
  const wss = new WebSocketServer({ noServer: true });
  const open = new Set<WebSocket>();
  /** Connection numbers, and the connections Slack has told to go away. */
  const numbers = new Map<WebSocket, number>();
  const leaving = new Set<WebSocket>();
  const connected = createLog<WebSocket>('fake slack', (items) => `${items.length} connections`);
  const acks = createLog<SocketAck>('fake slack', (items) => items.map((a) => a.envelope_id).join(', ') || 'no acks');
  const deliveries: SocketDelivery[] = [];
  let envelopes = 0;
  let turn = 0;

  wss.on('connection', (ws) => {
    open.add(ws);
    numbers.set(ws, numbers.size + 1);
    ws.on('close', () => {
      open.delete(ws);
      leaving.delete(ws);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      try {
        const parsed = JSON.parse(frameText(data)) as Partial<SocketAck>;
        if (typeof parsed.envelope_id === 'string') {
          acks.push({ envelope_id: parsed.envelope_id, payload: parsed.payload ?? {}, connection: numbers.get(ws) ?? 0 });
        }
      } catch {
        // A client frame that is not JSON is not an ack; ignore it as Slack would.
      }
    });
    ws.send(JSON.stringify({
      type: 'hello',
      num_connections: open.size,
      debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18_060 },
      connection_info: { app_id: FAKE_APP_ID },
    }));
    connected.push(ws);
  });

  const serving = (ws: WebSocket): boolean => ws.readyState === WebSocket.OPEN && !leaving.has(ws);
  /** The serving connections take turns. */
  function nextConnection(): WebSocket | undefined {
    const candidates = [...open].filter(serving);
    if (candidates.length === 0) return undefined;
    turn += 1;
    return candidates[turn % candidates.length];
  }

  async function sendEnvelope(type: EnvelopeType, payload: unknown, options: EnvelopeOptions = {}): Promise<SocketAck> {
    const timeoutMs = options.timeoutMs ?? 3000;
    const ws = nextConnection() ?? await connected.waitFor(serving, timeoutMs, 'socket connection');
    envelopes += 1;
    const envelopeId = options.envelopeId ?? `env-${envelopes}`;
    const envelope: Record<string, unknown> = {
      envelope_id: envelopeId,
      type,
      accepts_response_payload: options.acceptsResponsePayload ?? type !== 'events_api',
      payload,
    };
    if (type === 'events_api') {
      envelope.retry_attempt = options.retryAttempt ?? 0;
      envelope.retry_reason = options.retryReason ?? '';
    }
    const acked = acks.waitFor((a) => a.envelope_id === envelopeId, timeoutMs, `ack for ${envelopeId}`);
    deliveries.push({ envelopeId, type, connection: numbers.get(ws) ?? 0 });
    ws.send(JSON.stringify(envelope));
    return acked;
  }

  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    sendEnvelope,
    acks: (): readonly SocketAck[] => [...acks.items],
    deliveries: (): readonly SocketDelivery[] => [...deliveries],
    connectionCount: (): number => open.size,
    waitForConnection: async (timeoutMs = 3000): Promise<void> => {
      await connected.waitFor((s) => s.readyState === WebSocket.OPEN, timeoutMs, 'socket connection');
    },
    /** Slack's `disconnect` message: the client should reconnect through apps.connections.open. */
    disconnectAll(reason = 'refresh_requested'): void {
      for (const ws of open) {
        leaving.add(ws);
        ws.send(JSON.stringify({ type: 'disconnect', reason }));
      }
    },
    async close(): Promise<void> {
      connected.close();
      acks.close();
      for (const ws of open) ws.terminate();
      open.clear();
      await new Promise<void>((resolve) => { wss.close(() => { resolve(); }); });
    },
  };
}

export type SocketModeServer = ReturnType<typeof createSocketModeServer>;
