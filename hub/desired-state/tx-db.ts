/**
 * Lets the hub's existing verbs (pairing, equipment, rules) run inside the desired-state transaction: they
 * write with `db.batch`, which a libsql transaction lacks, so here a batch is its statements in order on the
 * transaction. Everything still commits or rolls back as one.
 */
import { type Clock, ManualClock } from "../../shared/clock/index.ts";
import type { HubDb } from "../db/index.ts";
import type { HubTx } from "./section.ts";

export function verbsDb(tx: HubTx): HubDb {
  const db = Object.create(tx) as HubDb;
  Object.defineProperty(db, "batch", {
    value: async (items: readonly PromiseLike<unknown>[]) => {
      const results: unknown[] = [];
      for (const item of items) results.push(await item);
      return results;
    },
  });
  return db;
}

/** The transaction's clock for verbs: the document's apply time. */
export const fixedClock = (now: number): Clock => new ManualClock(now);
