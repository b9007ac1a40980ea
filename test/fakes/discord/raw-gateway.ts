/**
 * A bare gateway client for tests that need a session or want to see exactly how the fake
 * answers an IDENTIFY, without discord.js in between.
 */
import { WebSocket } from 'ws';

export interface IdentifyAnswer {
  /** The first frame after HELLO: READY (op 0) or INVALID_SESSION (op 9). */
  readonly op?: number;
  readonly t?: string;
  readonly d?: unknown;
  /** Set when the fake closed the socket instead. */
  readonly close?: number;
}

export interface RawSession {
  readonly answer: IdentifyAnswer;
  close(): void;
}

/** Connects to `gatewayUrl`, sends IDENTIFY (with `shard` when given) and resolves with the answer. */
export function identifyRaw(gatewayUrl: string, token: string, shard?: readonly [number, number]): Promise<RawSession> {
  const socket = new WebSocket(`${gatewayUrl}/?v=10&encoding=json`);
  const close = (): void => { socket.terminate(); };
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', (code) => { resolve({ answer: { close: code }, close }); });
    socket.on('message', (raw: Buffer) => {
      const frame = JSON.parse(raw.toString('utf8')) as { op: number; t?: string; d?: unknown };
      if (frame.op === 10) socket.send(JSON.stringify({ op: 2, d: { token, intents: 1, properties: {}, ...(shard === undefined ? {} : { shard }) } }));
      else resolve({ answer: frame, close });
    });
  });
}
