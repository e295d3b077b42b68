import { describe, expect, it } from "vitest";
import type { Command, CommandAck } from "../../shared/protocol/index.ts";
import { CommandRunner } from "./command-runner.ts";

const command = (over: Partial<Command> = {}): Command => ({
  id: "c-1",
  name: "switch",
  args: { on: true },
  issuedAt: 1000,
  expiresAt: 60_000,
  ...over,
});

function runner(
  handler: (c: Command) => Promise<{ status: "ok" | "failed" }> | { status: "ok" | "failed" },
  now?: () => number,
) {
  const acks: CommandAck[] = [];
  const r = new CommandRunner(handler, async (a) => void acks.push(a), { remember: 2, now });
  return { r, acks };
}

describe("CommandRunner", () => {
  it("runs a repeated command id once and answers every delivery with the first answer", async () => {
    let runs = 0;
    const { r, acks } = runner(() => {
      runs++;
      return { status: "ok" };
    });
    await r.receive(command());
    await r.receive(command());
    expect(runs).toBe(1);
    expect(acks).toEqual([
      { id: "c-1", status: "ok" },
      { id: "c-1", status: "ok" },
    ]);
  });

  it("ignores a redelivery that arrives while the first delivery is still running", async () => {
    let release!: () => void;
    let runs = 0;
    const { r, acks } = runner(async () => {
      runs++;
      await new Promise<void>((res) => (release = res));
      return { status: "ok" };
    });
    const first = r.receive(command());
    await r.receive(command());
    release();
    await first;
    expect(runs).toBe(1);
    expect(acks).toHaveLength(1);
  });

  it("answers failed when the handler throws, and rejected for a malformed command with an id", async () => {
    const { r, acks } = runner(() => {
      throw new Error("relay stuck");
    });
    await r.receive(command());
    await r.receive({ id: "c-2", name: 7 });
    await r.receive({ nonsense: true });
    expect(acks).toEqual([
      { id: "c-1", status: "failed", message: "relay stuck" },
      { id: "c-2", status: "rejected", message: "malformed command" },
    ]);
  });

  it("answers expired only when given a clock, and forgets the oldest ids beyond its memory", async () => {
    const { r, acks } = runner(
      () => ({ status: "ok" }),
      () => 70_000,
    );
    await r.receive(command());
    expect(acks[0]).toMatchObject({ id: "c-1", status: "expired" });

    const noClock = runner(() => ({ status: "ok" }));
    for (const id of ["a", "b", "c"]) await noClock.r.receive(command({ id }));
    expect(noClock.acks.map((a) => a.status)).toEqual(["ok", "ok", "ok"]);
    expect(noClock.r.hasAnswered("a")).toBe(false);
    expect(noClock.r.hasAnswered("c")).toBe(true);
  });
});

describe("answered commands across a restart", () => {
  it("does not run a command again after the device restarts, when given a file", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { answeredFile } = await import("./answered-file.ts");
    const dir = mkdtempSync(join(tmpdir(), "outpost-sdk-"));
    try {
      const file = join(dir, "answered.json");
      let runs = 0;
      const handler = () => {
        runs++;
        return { status: "ok" as const };
      };
      const acks: CommandAck[] = [];
      const first = new CommandRunner(handler, async (a) => void acks.push(a), { store: answeredFile(file) });
      await first.receive(command());
      // A new runner over the same file: the process restarted and the hub redelivers.
      const second = new CommandRunner(handler, async (a) => void acks.push(a), {
        store: answeredFile(file),
      });
      await second.receive(command());
      expect(runs).toBe(1);
      expect(acks).toEqual([
        { id: "c-1", status: "ok" },
        { id: "c-1", status: "ok" },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
