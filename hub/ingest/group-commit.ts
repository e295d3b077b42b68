/** Group commit: items submitted while a write is in flight share the next write. */

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitOptions {
  maxBatch: number;
  onBatch?: (size: number) => void;
}

/**
 * A failure after part of a batch committed (so trying its items again would write them twice):
 * every item of it is refused as it stands.
 */
export class PartlyCommittedError extends Error {
  readonly committed = true;
}

export function isCommitted(err: unknown): boolean {
  return (err as { committed?: unknown } | null)?.committed === true;
}

export class GroupCommitter<T> {
  private pending: Pending<T>[] = [];
  private running: Promise<void> | null = null;
  private readonly commit: (items: T[]) => Promise<void>;
  private readonly opts: GroupCommitOptions;

  constructor(commit: (items: T[]) => Promise<void>, opts: GroupCommitOptions) {
    this.commit = commit;
    this.opts = opts;
  }

  /** Resolves once `item` is committed; rejects if its batch failed (nothing of it was written). */
  submit(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      // Defer to the next macrotask so every message parsed from the same socket reads joins one batch.
      this.running ??= new Promise<void>((r) => setImmediate(r)).then(() => this.loop());
    });
  }

  /** Waits until everything submitted so far is committed or failed. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  get queued(): number {
    return this.pending.length;
  }

  private async loop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.opts.maxBatch);
        try {
          await this.commit(batch.map((p) => p.item));
          this.opts.onBatch?.(batch.length);
          for (const p of batch) p.resolve();
          // The writer's commit is synchronous (its fsync blocks the thread): without a turn of the event
          // loop here, this batch's acknowledgements would wait for the whole next commit, and messages
          // that arrived meanwhile would not join it.
          if (this.pending.length > 0) await new Promise<void>((r) => setImmediate(r));
        } catch (err) {
          if (batch.length === 1 || isCommitted(err)) {
            for (const p of batch) p.reject(err);
            continue;
          }
          // Nothing of the batch was written: one bad item must not fail its neighbours, so each
          // is tried again on its own and only the ones that fail alone are refused.
          for (const p of batch) {
            try {
              await this.commit([p.item]);
              this.opts.onBatch?.(1);
              p.resolve();
            } catch (e) {
              p.reject(e);
            }
          }
        }
      }
    } finally {
      this.running = null;
    }
  }
}
