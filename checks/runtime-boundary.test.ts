import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** Every source file under a folder, skipping dependencies and generated migration metadata. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : sources(path);
    return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

const NODE_ONLY = [
  /from\s+["']node:/,
  /import\(\s*["']node:/,
  /require\(/,
  /\bprocess\.(env|argv|exit)/,
  /\bBuffer\./,
];

// From this file, not from the working directory: a check run from elsewhere must not scan nothing.
const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("runtime boundary", () => {
  it("keeps edge/, cloud/ and shared/ on Web-standard APIs only", () => {
    const offenders: string[] = [];
    for (const root of ["edge", "cloud", "shared"]) {
      // A missing folder throws: the check fails rather than passing over nothing.
      const files = sources(join(REPO, root));
      expect(files.length, `${root}/ holds source files`).toBeGreaterThan(5);
      for (const file of files) {
        const text = readFileSync(file, "utf8");
        for (const pattern of NODE_ONLY) if (pattern.test(text)) offenders.push(`${file}: ${pattern}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("would catch a node: import (the check can fail)", () => {
    expect(NODE_ONLY.some((p) => p.test('import { x } from "node:fs";'))).toBe(true);
  });
});
