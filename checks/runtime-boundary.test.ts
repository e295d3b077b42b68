import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
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

describe("runtime boundary", () => {
  it("keeps edge/, cloud/ and shared/ on Web-standard APIs only", () => {
    const offenders: string[] = [];
    for (const root of ["edge", "cloud", "shared"]) {
      let files: string[] = [];
      try {
        files = sources(root);
      } catch {
        continue;
      }
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
