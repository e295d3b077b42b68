/**
 * WAL checkpoints on a thread of their own. SQLite checkpoints in whichever connection's COMMIT crosses
 * `wal_autocheckpoint`: on the hub that is the ingest writer, on the event loop, copying ~4 MB into the
 * database file and fsyncing it while every device's PUBACK waits (a commit's max went from ~6 ms to
 * ~80 ms). Here the connections only append to the WAL and this thread copies it back with PASSIVE
 * checkpoints, which never block a writer. Durability is the WAL's (fsynced per commit under FULL); a
 * checkpoint only moves committed pages.
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/** Pages the WAL may hold before the thread checkpoints (SQLite's own default is 1,000). */
const PAGES = 1000;

// CommonJS on purpose: an eval'd worker is a script. It looks every `everyMs` and checkpoints once the
// WAL holds `pages` pages; it stops when the hub says so or the hub's thread goes away.
const SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.libsql);
const db = new Database(workerData.path);
db.exec("PRAGMA busy_timeout = 1000");
db.exec("PRAGMA synchronous = " + workerData.synchronous);
db.exec("PRAGMA wal_autocheckpoint = 0");
const check = db.prepare("PRAGMA wal_checkpoint(PASSIVE)").raw();
const timer = setInterval(() => {
  try {
    const [, log] = check.get();
    if (log >= workerData.pages) check.get();
  } catch (err) {
    parentPort.postMessage({ error: String(err) });
  }
}, workerData.everyMs);
parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearInterval(timer);
  try { check.get(); } catch {}
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Checkpoints once more and ends the thread (without waiting: the hub's close is synchronous). */
  stop(): void;
}

/** Starts the checkpoint thread on `path`; `onError` hears its failures (the WAL then grows until the next). */
export function startCheckpointer(
  path: string,
  opts: { synchronous: string; everyMs?: number; onError?: (message: string) => void },
): Checkpointer {
  const worker = new Worker(SOURCE, {
    eval: true,
    workerData: {
      path,
      synchronous: opts.synchronous,
      pages: PAGES,
      everyMs: opts.everyMs ?? 250,
      libsql: fileURLToPath(import.meta.resolve("libsql")),
    },
  });
  // The hub may exit without stopping it (a crash, a test's process): it never keeps the process alive.
  worker.unref();
  worker.on("message", (m: { error?: string }) => m.error && opts.onError?.(m.error));
  worker.on("error", (err) => opts.onError?.(String(err)));
  return {
    stop() {
      worker.postMessage("stop");
    },
  };
}
