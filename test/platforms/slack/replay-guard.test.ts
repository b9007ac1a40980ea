import { describe, expect, it } from 'vitest';
import { createReplayGuard } from '../../../src/platforms/slack/replay-guard.js';

describe('replay guard', () => {
  it('admits a pair once, and again only after its timestamp has left the window', () => {
    const guard = createReplayGuard({ windowSeconds: 300, max: 100 });
    expect(guard.admit(1000, 'v0=a', 1000)).toBe(true);
    expect(guard.admit(1000, 'v0=a', 1100)).toBe(false);
    expect(guard.admit(1000, 'v0=b', 1100)).toBe(true);
    // Past the window the receiver refuses the timestamp anyway; the memory lets go of it.
    guard.admit(1400, 'v0=c', 1400);
    expect(guard.size).toBe(1);
  });

  it('stays within its size, and never readmits a pair it had to forget', () => {
    const guard = createReplayGuard({ windowSeconds: 300, max: 3 });
    for (const [ts, sig] of [[10, 'a'], [11, 'b'], [12, 'c'], [13, 'd']] as const) expect(guard.admit(ts, sig, 20)).toBe(true);
    expect(guard.size).toBe(3);
    // 'a' at 10 was forgotten: every timestamp up to 10 is refused from now on.
    expect(guard.admit(10, 'a', 20)).toBe(false);
    expect(guard.admit(10, 'z', 20)).toBe(false);
    expect(guard.admit(14, 'e', 20)).toBe(true);
  });
});
