/** Answered command ids kept in a file, so a device that restarts never runs a redelivered command twice. */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { CommandAck } from "../../shared/protocol/index.ts";
import type { AnswerStore } from "./command-runner.ts";

export function answeredFile(path: string): AnswerStore {
  return {
    load() {
      try {
        const acks = JSON.parse(readFileSync(path, "utf8")) as unknown;
        return Array.isArray(acks) ? (acks as CommandAck[]) : [];
      } catch {
        return []; // first start, or a file torn by a power cut: nothing remembered
      }
    },
    save(acks) {
      // Write then rename: the file is always either the old list or the new one.
      writeFileSync(`${path}.tmp`, JSON.stringify(acks));
      renameSync(`${path}.tmp`, path);
    },
  };
}
