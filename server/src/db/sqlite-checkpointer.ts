import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL pages at which the request connection still checkpoints itself: a backstop should the
 * worker fall behind or stop (SQLite's default is 1,000; the worker keeps the WAL far below this).
 */
export const BACKSTOP_CHECKPOINT_PAGES = 10_000;

/** How often the worker looks for new WAL frames to copy into the database file. */
export const CHECKPOINT_EVERY_MS = 250;

// Plain CommonJS run with `eval` (no loader needed under tsx or a bundle): its own connection to the
// file, a PASSIVE checkpoint (never waits for the request connection's readers or writer) whenever
// the WAL was written since the last one, until told to stop.
const WORKER_SOURCE = `
const { statSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
let seen = 0;
const timer = setInterval(() => {
  let written = 0;
  try { written = statSync(workerData.path + '-wal').mtimeMs; } catch { return; }
  if (written === seen) return;
  seen = written;
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { seen = 0; }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  process.exit(0);
});
`;

/** A running checkpointer; `stop()` closes its connection and ends its thread. */
export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Moves the WAL checkpoints of a SQLite file off the event loop. SQLite checkpoints in the commit
 * that crosses 1,000 WAL pages: that commit copies the pages into the database file and fsyncs it,
 * several milliseconds to tens of them on a busy disk, during which the server answers nothing
 * (two thirds of the COMMIT time of a code sign-in, and its p99). A worker thread with its own
 * connection checkpoints instead; the request connection keeps a far higher threshold as a
 * backstop, and goes back to SQLite's default if the worker fails. Durability is unchanged: a
 * commit is in the WAL either way, and the checkpoint is the same operation on another thread.
 */
export function startCheckpointer(path: string, setAutoCheckpoint: (pages: number) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, everyMs: CHECKPOINT_EVERY_MS } });
  worker.unref();
  setAutoCheckpoint(BACKSTOP_CHECKPOINT_PAGES);
  let running = true;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.once('error', () => undefined);
  void exited.then(() => {
    if (!running) return;
    running = false;
    try {
      setAutoCheckpoint(1000);
    } catch {
      // The request connection is closed already: nothing left to checkpoint for.
    }
  });
  return {
    async stop() {
      if (!running) return;
      running = false;
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
