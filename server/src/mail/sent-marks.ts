/**
 * Records deliveries as `sent` by group commit: the first row accepted by the SMTP server is
 * marked at once, and rows accepted while that UPDATE runs are marked together by the next one.
 * A worker sending 8 messages at once thus makes about one UPDATE per few messages instead of one
 * per message (on PostgreSQL each is a round trip), while no accepted row waits for a timer or a
 * batch to fill: a row's `sent` mark comes at most two UPDATEs after its 250.
 *
 * If an UPDATE fails (the database is unreachable), its rows stay `sending` under this worker's
 * lease and are retried when the lease ends: sent once more, never lost (see mail-worker.ts).
 */
export interface SentMarks {
  /** Queues the mark of a row the receiver accepted. */
  add(id: string): void;
  /** Resolves once every queued mark has been written (or has failed and been logged). */
  settled(): Promise<void>;
}

export function createSentMarks(write: (ids: string[]) => Promise<void>, onError: (error: unknown, ids: string[]) => void): SentMarks {
  let waiting: string[] = [];
  let writing: Promise<void> | null = null;

  function flush(): void {
    if (writing || waiting.length === 0) return;
    const ids = waiting;
    waiting = [];
    writing = write(ids)
      .catch((error: unknown) => onError(error, ids))
      .finally(() => {
        writing = null;
        flush();
      });
  }

  return {
    add(id) {
      waiting.push(id);
      flush();
    },
    async settled() {
      while (writing) await writing;
    },
  };
}
