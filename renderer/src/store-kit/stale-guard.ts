/**
 * Drops answers that arrive after `invalidate()`: after a store reset (the answer may belong to
 * the account that signed out) or after a newer request for the same data.
 */
export function createStaleGuard() {
  let generation = 0;

  /** Answers to requests made before this call are dropped. */
  function invalidate(): void {
    generation += 1;
  }

  /** The request's answer (or its failure), or undefined when `invalidate()` ran while it was on its way. */
  async function fresh<T>(request: Promise<T>): Promise<T | undefined> {
    const startedAt = generation;
    try {
      const answer = await request;
      return startedAt === generation ? answer : undefined;
    } catch (error) {
      if (startedAt === generation) throw error;
      return undefined;
    }
  }

  return { invalidate, fresh };
}

/** See `createStaleGuard`. */
export type StaleGuard = ReturnType<typeof createStaleGuard>;
