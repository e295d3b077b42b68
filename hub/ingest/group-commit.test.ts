import { describe, expect, it } from "vitest";
import { GroupCommitter, PartlyCommittedError } from "./group-commit.ts";

describe("GroupCommitter", () => {
  it("puts items submitted together into one commit, in order", async () => {
    const commits: number[][] = [];
    const gc = new GroupCommitter<number>(async (items) => void commits.push(items), { maxBatch: 100 });
    await Promise.all([1, 2, 3, 4].map((n) => gc.submit(n)));
    expect(commits).toEqual([[1, 2, 3, 4]]);
  });

  it("bounds a batch and keeps going with the rest", async () => {
    const commits: number[][] = [];
    const gc = new GroupCommitter<number>(async (items) => void commits.push(items), { maxBatch: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => gc.submit(n)));
    expect(commits).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("lets a batch's waiters run before the next batch commits", async () => {
    const seen: string[] = [];
    const gc = new GroupCommitter<number>(
      async (items) => {
        // A synchronous commit, as the writer connection's is: nothing else runs while it does.
        seen.push(`commit ${items.join(",")}`);
      },
      { maxBatch: 1 },
    );
    await Promise.all([1, 2].map((n) => gc.submit(n).then(() => seen.push(`acknowledged ${n}`))));
    expect(seen).toEqual(["commit 1", "acknowledged 1", "commit 2", "acknowledged 2"]);
  });

  it("rejects every item of a failed batch and recovers for the next", async () => {
    let fail = true;
    const gc = new GroupCommitter<number>(
      async () => {
        if (fail) throw new Error("disk full");
      },
      { maxBatch: 10 },
    );
    const results = await Promise.allSettled([gc.submit(1), gc.submit(2)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    await expect(gc.submit(3)).resolves.toBeUndefined();
  });
});

describe("GroupCommitter isolation", () => {
  it("fails only the item that fails on its own; its neighbours commit", async () => {
    const committed: number[] = [];
    const gc = new GroupCommitter<number>(
      async (items) => {
        if (items.includes(13)) throw new Error("poison");
        committed.push(...items);
      },
      { maxBatch: 10 },
    );
    const results = await Promise.allSettled([1, 13, 3].map((n) => gc.submit(n)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(committed).toEqual([1, 3]);
  });

  it("does not try items again when the batch had partly committed", async () => {
    let calls = 0;
    const gc = new GroupCommitter<number>(
      async () => {
        calls++;
        throw new PartlyCommittedError("after the readings");
      },
      { maxBatch: 10 },
    );
    const results = await Promise.allSettled([1, 2].map((n) => gc.submit(n)));
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(calls).toBe(1);
  });
});
