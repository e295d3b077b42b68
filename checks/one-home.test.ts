import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ALARM_KINDS, ALARM_STATUSES } from "../shared/alarms/index.ts";

/** Non-test source files under a folder, skipping dependencies and build output. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ["node_modules", "dist"].includes(name) ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/**
 * Two or more words of one vocabulary written next to each other as a list: in an array (`["A", "B"]`) or a
 * union type (`"A" | "B"`). A single word compared or used as a key is not a copy of the list.
 */
function listOf(words: readonly string[]): RegExp {
  const word = `"(?:${words.join("|")})"`;
  return new RegExp(`${word}\\s*[,|]\\s*${word}`);
}

const VOCABULARIES = { "alarm kinds": listOf(ALARM_KINDS), "alarm statuses": listOf(ALARM_STATUSES) };
const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const HOME = join(REPO, "shared", "alarms", "index.ts");

describe("one home for alarm kinds and statuses", () => {
  it("keeps every list of them in shared/alarms", () => {
    const offenders: string[] = [];
    let scanned = 0;
    for (const root of ["hub", "cloud", "edge", "shared", "devices"]) {
      // A missing folder throws: the check fails rather than passing over nothing.
      const files = sources(join(REPO, root));
      expect(files.length, `${root}/ holds source files`).toBeGreaterThan(5);
      for (const file of files) {
        if (file === HOME) continue;
        scanned++;
        const text = readFileSync(file, "utf8");
        for (const [name, pattern] of Object.entries(VOCABULARIES)) {
          if (pattern.test(text)) offenders.push(`${relative(REPO, file)}: a list of ${name}`);
        }
      }
    }
    expect(scanned).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });

  it("would catch a copied list (the check can fail)", () => {
    const home = readFileSync(HOME, "utf8");
    expect(VOCABULARIES["alarm kinds"].test(home)).toBe(true);
    expect(VOCABULARIES["alarm statuses"].test(home)).toBe(true);
    expect(VOCABULARIES["alarm statuses"].test('type S = "RAISED" | "ACKNOWLEDGED";')).toBe(true);
    expect(VOCABULARIES["alarm kinds"].test('if (kind === "DOOR_OPEN") return;')).toBe(false);
  });
});
