/**
 * The health port against what a scanner or an attacker sends: request targets `new URL`
 * cannot read, garbage request lines, oversized headers, a client that never finishes its
 * headers, and a check that throws with secrets in its message.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHealthServer, type HealthServer } from '../../src/ops/health-server.js';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(problem: () => Promise<string | undefined> = () => Promise.resolve(undefined)): Promise<HealthServer> {
  server = await startHealthServer({ port: 0, host: '127.0.0.1', metrics: () => 'm 1\n', checks: [{ name: 'store', problem }] });
  return server;
}

/** Sends raw bytes and returns what came back before the server closed the connection. */
function raw(port: number, bytes: string, options: { endAfterWrite?: boolean; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${options.timeoutMs ?? 5_000} ms; got ${JSON.stringify(received)}`));
    }, options.timeoutMs ?? 5_000);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.write(bytes, () => {
      if (options.endAfterWrite !== false) socket.end();
    });
  });
}

const statusOf = (response: string): number => Number(/^HTTP\/1\.1 (\d{3})/u.exec(response)?.[1] ?? 0);

describe('health port under hostile requests', () => {
  it('answers 400 to a target new URL cannot parse, and keeps serving', async () => {
    const { port } = await start();
    for (const target of ['//a:99999', '//[::1', '//%zz:1', 'http://x:99999/healthz']) {
      const response = await raw(port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(statusOf(response), target).toBe(400);
    }
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('answers garbage request lines and oversized headers without falling over', async () => {
    const { port } = await start();
    expect(statusOf(await raw(port, 'HELLO\r\n\r\n'))).toBe(400);
    expect(statusOf(await raw(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`))).toBe(431);
    expect(statusOf(await raw(port, '\u0000\u0001\u0002 / HTTP/9.9\r\n\r\n'))).toBe(400);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('drops a client that never finishes its headers within the header timeout', async () => {
    const { port } = await start();
    // Node's default would keep this open for 60 s and check only every 30 s.
    const response = await raw(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', { endAfterWrite: false, timeoutMs: 9_000 });
    expect([0, 408]).toContain(statusOf(response));
  }, 12_000);

  it('reports a throwing check by its error class, never its message', async () => {
    const { port } = await start(() => Promise.reject(Object.assign(new Error('open /secret/path failed: token=abc123'), { code: 'SQLITE_CANTOPEN' })));
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(body).toContain('SQLITE_CANTOPEN');
    expect(body).not.toContain('abc123');
    expect(body).not.toContain('/secret/path');
  });
});
