import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/ports.js';
import { createReactionGate, REACTION_MARK_SECONDS, slackTsMicros, type ReactionKey } from '../../../src/platforms/slack/event-dedupe.js';
import { openDatabase } from '../../../src/store/sqlite/database.js';
import { createSqliteDeliveryMarks } from '../../../src/store/sqlite/delivery-marks.js';

const key: ReactionKey = { channel: 'C1', messageTs: '1700000000.000100', user: 'U1', emoji: 'arrow_up' };

function gateOnStore() {
  let now = Date.parse('2026-06-12T09:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const marks = createSqliteDeliveryMarks(openDatabase(':memory:'));
  return {
    gate: createReactionGate(marks, clock),
    /** A second instance on the same store. */
    other: () => createReactionGate(marks, clock),
    later: (seconds: number) => { now += seconds * 1000; },
  };
}

describe('createReactionGate', () => {
  it('applies an event once and calls its redelivery a duplicate, on this instance or another', async () => {
    const { gate, other } = gateOnStore();
    expect(await gate.admit('Ev1', key, '1700000001.000001')).toBe('apply');
    expect(await gate.admit('Ev1', key, '1700000001.000001')).toBe('duplicate');
    expect(await other().admit('Ev1', key, '1700000001.000001')).toBe('duplicate');
  });

  it('drops an add that arrives after a newer removal of the same reaction, wherever it arrives', async () => {
    const { gate, other } = gateOnStore();
    expect(await gate.admit('EvRemove', key, '1700000002.000000')).toBe('apply');
    expect(await other().admit('EvAdd', key, '1700000001.000000')).toBe('stale');
    expect(await gate.admit('EvAdd', key, '1700000001.000000')).toBe('duplicate');
  });

  it('keeps different users, messages and emoji apart', async () => {
    const { gate } = gateOnStore();
    expect(await gate.admit('Ev1', key, '1700000002.000000')).toBe('apply');
    expect(await gate.admit('Ev2', { ...key, user: 'U2' }, '1700000001.000000')).toBe('apply');
    expect(await gate.admit('Ev3', { ...key, messageTs: '1700000000.000200' }, '1700000001.000000')).toBe('apply');
    expect(await gate.admit('Ev4', { ...key, emoji: 'heart' }, '1700000001.000000')).toBe('apply');
  });

  it('applies events without an id or a timestamp, or with one it cannot read', async () => {
    const { gate } = gateOnStore();
    expect(await gate.admit(undefined, key, undefined)).toBe('apply');
    expect(await gate.admit(undefined, key, undefined)).toBe('apply');
    expect(await gate.admit('Ev5', key, 'not-a-ts')).toBe('apply');
  });

  it('forgets an event once its mark has ended, long after Slack stopped retrying', async () => {
    const { gate, later } = gateOnStore();
    expect(await gate.admit('Ev1', key, '1700000002.000000')).toBe('apply');
    later(REACTION_MARK_SECONDS - 1);
    expect(await gate.admit('Ev1', key, '1700000002.000000')).toBe('duplicate');
    later(1);
    expect(await gate.admit('Ev1', key, '1700000001.000000')).toBe('apply');
  });
});

describe('slackTsMicros', () => {
  it.each([
    ['1700000000.000100', 1_700_000_000_000_100],
    ['1700000000.9', 1_700_000_000_900_000],
    ['1700000000', 1_700_000_000_000_000],
    ['1700000000.000001', 1_700_000_000_000_001],
    ['-1.0', undefined],
    ['1700000000.0000001', undefined],
    ['', undefined],
  ])('reads %s', (ts, expected) => {
    expect(slackTsMicros(ts)).toBe(expected);
  });
});
