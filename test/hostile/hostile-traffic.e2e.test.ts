/**
 * Done-when of the abuse work: the real bot, as a child process, against the fakes on
 * 127.0.0.1 while 50 users flood commands (1,000 in all), 10 people search, a digest is due on
 * both platforms and junk hits the health port and the Slack receiver. Bounded: 1,000 commands, about 15 s on a quiet 2-core machine.
 */
import { describe, expect, it } from 'vitest';
import { runHostileScenario } from './scenario.js';

describe('hostile traffic', () => {
  it('keeps running, slows the flooders down, answers people within 3 s and posts the digest once', async () => {
    const result = await runHostileScenario({ flooders: 50, commandsPerFlooder: 20, normalUsers: 10, searchesPerNormalUser: 4, hostile: true });
    const context = `timeline: ${result.timeline.join(', ')}\nbot stderr (tail):\n${result.stderr.slice(-3_000)}`;

    expect(result.exitedEarly, context).toBe(false);
    expect(result.healthAfter, context).toBe(200);

    // Every flooder was told to slow down: their burst is 10 of their 20 (a few tokens come back
    // while they send, 20 a minute).
    expect(result.flooderCommands).toBe(1_000);
    for (const slowDowns of result.flooderSlowDowns) expect(slowDowns).toBeGreaterThanOrEqual(1);
    expect(result.flooderSlowDowns.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(200);
    expect(result.unanswered, context).toBe(0);

    // People are never throttled and always answered within Discord's and Slack's 3 s.
    const acks = [...result.normalAcks.discord, ...result.normalAcks.slack];
    expect(acks).toHaveLength(40);
    expect(result.normalSlowDowns).toBe(0);
    expect(Math.max(...acks)).toBeLessThan(3_000);

    // The digest went out in full, each paper once, in order, while all this went on.
    expect(result.digest.discord, context).toEqual(result.digest.expected);
    expect(result.digest.slack, context).toEqual(result.digest.expected);
    // On time: it was due when the bot started, and the flood does not hold it back (the fakes'
    // own per-channel rate limits set its pace).
    expect(result.digestMs).toBeGreaterThan(0);
    expect(result.digestMs).toBeLessThan(45_000);

    // Junk got answers (or a closed connection), never a crash.
    const statuses = new Map(result.junk.map((entry) => [entry.name, entry.status]));
    expect(statuses.get('health GET //a:99999')).toBe(400);
    expect(statuses.get('slack GET //a:99999')).toBe(400);
    expect(statuses.get('health 40 KB header')).toBe(431);
    expect(statuses.get('slack signed 3 MB')).toBe(413);
    expect(result.junk.filter((entry) => entry.name === 'slack forged signature').every((entry) => entry.status === 401)).toBe(true);
    expect(statuses.get('slack first delivery')).toBe(200);
    expect(result.junk.filter((entry) => entry.name === 'slack replay').every((entry) => entry.status === 401)).toBe(true);
    expect(result.slowClientsClosed).toBe(true);

    // Memory stays bounded under all of it.
    expect(result.maxRssMb - result.startRssMb).toBeLessThan(200);
  }, 120_000);
});
