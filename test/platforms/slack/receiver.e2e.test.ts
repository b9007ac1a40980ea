/**
 * The hardened Slack receiver in front of the real Bolt app: body limits (signed and
 * unsigned), timestamps in the future, replayed signatures, request targets that cannot be
 * read. Each refused request runs nothing, and the bot keeps serving.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendToBolt, slackSign, slashCommand } from '../../fakes/slack/index.js';
import { silentLogger } from '../../../src/logger.js';
import { createBoltLogger } from '../../../src/platforms/slack/bolt-logger.js';
import { createSlackHttpReceiver, SLACK_RECEIVER_LIMITS } from '../../../src/platforms/slack/receiver.js';
import { openDatabase } from '../../../src/store/sqlite/database.js';
import { createSqliteDeliveryMarks } from '../../../src/store/sqlite/delivery-marks.js';
import { SECRET, startSlackHarness, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness();
});
afterEach(async () => {
  await h.stop();
});

/** POSTs `body` in chunks without a Content-Length (chunked), as a client that lies would. */
function postChunked(port: number, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (error) => (/EPIPE|ECONNRESET/u.test(error.message) ? undefined : reject(error)));
    for (let sent = 0; sent < body.length; sent += 16_384) req.write(body.slice(sent, sent + 16_384));
    req.end();
  });
}

describe('Slack receiver limits', () => {
  it('refuses a correctly signed 3 MB body with 413 and runs nothing, declared or chunked', async () => {
    const big = slashCommand({ command: '/papers', text: 'x'.repeat(3 * 1024 * 1024), responseUrl: h.fake.responseUrl('big') });
    expect((await h.send(big)).status).toBe(413);
    const headers = { 'content-type': big.contentType, ...slackSign(big.body, SECRET) };
    expect(await postChunked(h.port, big.body, headers)).toBe(413);
    const justOver = slashCommand({ command: '/papers', text: 'y'.repeat(SLACK_RECEIVER_LIMITS.bodyBytes), responseUrl: h.fake.responseUrl('over') });
    expect((await h.send(justOver)).status).toBe(413);
    expect(h.fake.responses('big')).toHaveLength(0);
    const { id } = await h.command('/papers', 'memory');
    expect(await h.replies(id)).toHaveLength(1);
  });

  it('reads at most 1 KB of an unsigned body, which can only be ssl_check', async () => {
    const response = await fetch(`http://127.0.0.1:${h.port}/slack/events`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `ssl_check=1&${'a'.repeat(2_000)}`,
    });
    expect(response.status).toBe(413);
    const check = await fetch(`http://127.0.0.1:${h.port}/slack/events`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'ssl_check=1&token=x',
    });
    expect(check.status).toBe(200);
    const unsignedCommand = await fetch(`http://127.0.0.1:${h.port}/slack/events`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: slashCommand({ responseUrl: h.fake.responseUrl('u') }).body.slice(0, 900),
    });
    expect(unsignedCommand.status).toBe(401);
  });

  it('runs a signed request once: the same timestamp and signature again get 401', async () => {
    const request = slashCommand({ command: '/papers', text: 'memory', responseUrl: h.fake.responseUrl('once') });
    const ts = Math.floor(Date.now() / 1000);
    expect((await h.send(request, { ts })).status).toBe(200);
    expect((await h.send(request, { ts })).status).toBe(401);
    expect((await h.send(request, { ts })).status).toBe(401);
    await h.replies('once');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.fake.responses('once')).toHaveLength(1);
    // Slack signs each retry anew: a new timestamp is a new delivery.
    expect((await h.send(request, { ts: ts + 1 })).status).toBe(200);
  });

  it('refuses timestamps more than five minutes in the future, and missing or malformed ones, without reading the body', async () => {
    const request = slashCommand({ command: '/papers', text: 'memory', responseUrl: h.fake.responseUrl('future') });
    expect((await h.send(request, { ts: Math.floor(Date.now() / 1000) + 6 * 60 })).status).toBe(401);
    const onlySignature = await fetch(`http://127.0.0.1:${h.port}/slack/events`, {
      method: 'POST', headers: { 'content-type': request.contentType, 'x-slack-signature': 'v0=00' }, body: request.body,
    });
    expect(onlySignature.status).toBe(401);
    const nonsense = await fetch(`http://127.0.0.1:${h.port}/slack/events`, {
      method: 'POST', headers: { 'content-type': request.contentType, 'x-slack-signature': 'v0=00', 'x-slack-request-timestamp': '1e9' }, body: request.body,
    });
    expect(nonsense.status).toBe(401);
    expect(h.fake.responses('future')).toHaveLength(0);
  });

  it('answers targets it cannot read with 400, other paths with 404 and other methods with 405, and keeps serving', async () => {
    expect((await h.send(slashCommand({ responseUrl: h.fake.responseUrl('p') }), { path: '//a:99999' })).status).toBe(400);
    expect((await h.send(slashCommand({ responseUrl: h.fake.responseUrl('p') }), { path: '/other' })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${h.port}/slack/events`)).status).toBe(405);
    const { id } = await h.command('/papers', 'memory');
    expect(await h.replies(id)).toHaveLength(1);
    expect(h.paperboy.metrics.registry.render()).toMatch(/paperboy_requests_refused_total\{platform="slack",reason="bad_target"\} 1/u);
  });
});

describe('Slack receiver and the shared replay record', () => {
  it('answers 503 when the store cannot say whether a request was seen, so Slack retries, and counts it', async () => {
    const db = openDatabase(':memory:');
    const refused: string[] = [];
    const receiver = createSlackHttpReceiver({
      signingSecret: SECRET, logger: createBoltLogger(silentLogger(), [SECRET]), marks: createSqliteDeliveryMarks(db), onRefused: (reason) => refused.push(reason),
    });
    const server = await receiver.start({ port: 0, host: '127.0.0.1' });
    try {
      db.close();
      const port = (server.address() as AddressInfo).port;
      const response = await sendToBolt(port, slashCommand({ command: '/papers', text: 'memory', responseUrl: 'http://127.0.0.1:9/r' }), { secret: SECRET });
      expect(response.status).toBe(503);
      expect(refused).toEqual(['store_unavailable']);
    } finally {
      await receiver.stop();
    }
  });
});

