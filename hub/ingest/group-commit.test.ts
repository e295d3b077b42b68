import { describe, expect, it } from "vitest";
import { GroupCommitter } from "./group-commit.ts";

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
