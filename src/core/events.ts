/**
 * What the core announces after a change, for whoever must follow it: the scheduler re-reads
 * schedules when subscriptions change, vote edits refresh posted counts when votes change,
 * follow alerts match a papers-day once it is stored. The composition root wires listeners
 * before anything emits, so nothing is bound late.
 */
import type { Community } from './channels.js';
import type { PaperId } from './paper.js';

export interface DomainEventMap {
  /** A subscription was added, changed or removed. */
  readonly subscriptionsChanged: readonly [];
  /** A paper's votes changed by a vote cast in `community`. */
  readonly votesChanged: readonly [paperId: PaperId, community: Community];
  /** A papers-day was fetched from Hugging Face and stored (follow alerts match it). */
  readonly papersDayIngested: readonly [day: string];
}

export type DomainEventName = keyof DomainEventMap;

export interface DomainEvents {
  on<N extends DomainEventName>(name: N, listener: (...args: DomainEventMap[N]) => void): void;
  emit<N extends DomainEventName>(name: N, ...args: DomainEventMap[N]): void;
}

/**
 * Listeners run synchronously, in the order they were added; one that throws is reported to
 * `onError` and the others still run, so a listener's bug never fails the use case that emitted.
 */
export function createDomainEvents(onError: (error: unknown, name: DomainEventName) => void = () => undefined): DomainEvents {
  type Listener = (...args: readonly unknown[]) => void;
  const listeners = new Map<DomainEventName, Listener[]>();
  return {
    on(name, listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener as unknown as Listener]);
    },
    emit(name, ...args) {
      for (const listener of listeners.get(name) ?? []) {
        try {
          listener(...args);
        } catch (error) {
          onError(error, name);
        }
      }
    },
  };
}
