import type { Logger } from 'pino';

/** Work a request starts but does not wait for (its answer must not depend on it), tracked so shutdown and tests can wait. */
export interface BackgroundTasks {
  /** Starts `task` once the current request's answer is on its way; a failure is logged under `what`, never thrown at the caller. */
  run(what: string, task: () => Promise<unknown>): void;
  /** Resolves when every task started so far has ended. */
  settled(): Promise<void>;
}

/** Background tasks of one server process. */
export function createBackgroundTasks(logger: Logger): BackgroundTasks {
  const running = new Set<Promise<unknown>>();
  return {
    run(what, task) {
      // Starts on the next turn of the event loop, after the answer is written: work on a
      // synchronous driver (SQLite) would otherwise hold the answer back by its own duration.
      const done: Promise<unknown> = new Promise((resolve) => setImmediate(resolve))
        .then(task)
        .catch((error: unknown) => logger.error({ err: error, task: what }, 'Background task failed'))
        .finally(() => running.delete(done));
      running.add(done);
    },
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
