/**
 * The store ports are asynchronous so that a networked engine can stand behind them; SQLite
 * (better-sqlite3) answers synchronously. Its adapters are written as plain synchronous code
 * and wrapped once here, which keeps each statement's transaction as it was.
 */

/** A port as a synchronous engine implements it: the same methods, answering at once. */
export type Synchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : T[K];
};

/** The asynchronous port over a synchronous implementation; a throw becomes a rejection. */
export function promised<T extends object>(implementation: Synchronous<T>): T {
  const port: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(implementation)) {
    if (typeof member !== 'function') {
      port[name] = member;
      continue;
    }
    const method = member as (...args: unknown[]) => unknown;
    port[name] = (...args: unknown[]): Promise<unknown> => {
      try {
        return Promise.resolve(method.apply(implementation, args));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
  }
  return port as T;
}
