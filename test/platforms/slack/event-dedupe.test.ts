import { describe, expect, it } from 'vitest';
import { compareSlackTs, createReactionGate, type ReactionKey } from '../../../src/platforms/slack/event-dedupe.js';

const key: ReactionKey = { channel: 'C1', messageTs: '1700000000.000100', user: 'U1', emoji: 'arrow_up' };

describe('createReactionGate', () => {
  it('applies an event once and calls its redelivery a duplicate', () => {
    const gate = createReactionGate();
    expect(gate.admit('Ev1', key, '1700000001.000001')).toBe('apply');
    expect(gate.admit('Ev1', key, '1700000001.000001')).toBe('duplicate');
  });

  it('drops an add that arrives after a newer removal of the same reaction', () => {
    const gate = createReactionGate();
    expect(gate.admit('EvRemove', key, '1700000002.000000')).toBe('apply');
    expect(gate.admit('EvAdd', key, '1700000001.000000')).toBe('stale');
    expect(gate.admit('EvAdd', key, '1700000001.000000')).toBe('duplicate');
  });

  it('keeps different users, messages and emoji apart', () => {
    const gate = createReactionGate();
    expect(gate.admit('Ev1', key, '1700000002.000000')).toBe('apply');
    expect(gate.admit('Ev2', { ...key, user: 'U2' }, '1700000001.000000')).toBe('apply');
    expect(gate.admit('Ev3', { ...key, messageTs: '1700000000.000200' }, '1700000001.000000')).toBe('apply');
    expect(gate.admit('Ev4', { ...key, emoji: 'heart' }, '1700000001.000000')).toBe('apply');
  });

  it('applies events without an id or a timestamp', () => {
    const gate = createReactionGate();
    expect(gate.admit(undefined, key, undefined)).toBe('apply');
    expect(gate.admit(undefined, key, undefined)).toBe('apply');
  });

  it('forgets the oldest ids beyond its bound', () => {
    const gate = createReactionGate({ maxEvents: 2, maxKeys: 2 });
    gate.admit('Ev1', key, undefined);
    gate.admit('Ev2', key, undefined);
    gate.admit('Ev3', key, undefined);
    expect(gate.admit('Ev1', key, undefined)).toBe('apply');
    expect(gate.admit('Ev3', key, undefined)).toBe('duplicate');
  });
});

describe('compareSlackTs', () => {
  it.each([
    ['1700000000.000100', '1700000000.000100', 0],
    ['1700000000.000100', '1700000000.000099', 1],
    ['1700000000.9', '1700000001.000000', -1],
    ['1700000000.000001', '1700000000.000002', -1],
    ['1700000000', '1700000000.000000', 0],
  ])('compares %s with %s', (a, b, expected) => {
    expect(compareSlackTs(a, b)).toBe(expected);
  });
});
