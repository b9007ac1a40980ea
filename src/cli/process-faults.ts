/**
 * The last line of defence of `paperboy start`: a promise rejection nobody handled or an
 * exception nothing caught. Node's defaults print a stack and exit at once (mid-post, without
 * the ledger write) or, for a rejection in older setups, carry on in an unknown state. Here
 * both are logged with their context and lead to the same orderly stop as SIGTERM, after which
 * the process exits non-zero so a supervisor restarts it and an operator sees why.
 */
import type { Logger } from '../logger.js';

export interface ProcessFault {
  readonly kind: 'unhandledRejection' | 'uncaughtException';
  readonly error: unknown;
}

/** The part of `process` this needs; an EventEmitter in tests. */
export interface FaultSource {
  on(event: ProcessFault['kind'], listener: (error: unknown) => void): unknown;
  off(event: ProcessFault['kind'], listener: (error: unknown) => void): unknown;
}

/**
 * Listens on `target` (the process) until the returned function is called. `onFault` runs
 * once, for the first fault; later ones are logged only, since the stop is already under way.
 */
export function watchProcessFaults(target: FaultSource, logger: Logger, onFault: (fault: ProcessFault) => void): () => void {
  let faulted = false;
  const handle = (kind: ProcessFault['kind']) => (error: unknown): void => {
    logger.fatal({ err: error, kind }, kind === 'unhandledRejection' ? 'a promise rejection was not handled; stopping' : 'an exception was not caught; stopping');
    if (faulted) return;
    faulted = true;
    onFault({ kind, error });
  };
  const onRejection = handle('unhandledRejection');
  const onException = handle('uncaughtException');
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
