import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { watchProcessFaults, type ProcessFault } from '../../src/cli/process-faults.js';
import { captureLog } from '../support/log-capture.js';

describe('process faults', () => {
  it('logs an unhandled rejection and an uncaught exception as fatal, and asks for one orderly stop', () => {
    const target = new EventEmitter();
    const log = captureLog();
    const faults: ProcessFault[] = [];
    const unwatch = watchProcessFaults(target, log.logger, (fault) => faults.push(fault));
    target.emit('unhandledRejection', new Error('lost promise'), Promise.resolve());
    target.emit('uncaughtException', new TypeError('boom'));
    expect(faults.map((fault) => fault.kind)).toEqual(['unhandledRejection']);
    const fatal = log.entries().filter((entry) => entry.level === 60);
    expect(fatal.map((entry) => (entry.err as { message?: string }).message)).toEqual(['lost promise', 'boom']);
    unwatch();
    expect(target.listenerCount('unhandledRejection') + target.listenerCount('uncaughtException')).toBe(0);
  });

  it('keeps a real process alive through an unhandled rejection until the stop it asked for', async () => {
    const log = captureLog();
    let stop: ((fault: ProcessFault) => void) | undefined;
    const stopped = new Promise<ProcessFault>((resolve) => (stop = resolve));
    const unwatch = watchProcessFaults(process, log.logger, (fault) => stop?.(fault));
    try {
      void Promise.reject(new Error('nobody awaited me'));
      const fault = await stopped;
      expect(fault.kind).toBe('unhandledRejection');
      expect(log.text()).toContain('nobody awaited me');
    } finally {
      unwatch();
    }
  });
});
