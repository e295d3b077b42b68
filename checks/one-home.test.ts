import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ALARM_KINDS, ALARM_STATUSES } from "../shared/alarms/index.ts";
import { EQUIPMENT_TYPES } from "../shared/equipment/index.ts";
import { CROCKFORD_ALPHABET } from "../shared/ids/index.ts";
import { DEVICE_KINDS, DEVICE_STATUSES } from "../shared/protocol/index.ts";
import { SITE_ROLES } from "../shared/roles/index.ts";

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
 * union type (`"A" | "B"`). A single word compared or used as a key is not a copy of the list. With `own`,
 * one of the two must be a word only this vocabulary has (equipment types share FRIDGE with device kinds).
 */
function listOf(words: readonly string[], own: readonly string[] = words): RegExp {
  const word = `"(?:${words.join("|")})"`;
  const mine = `"(?:${own.join("|")})"`;
  return new RegExp(`${mine}\\s*[,|]\\s*${word}|${word}\\s*[,|]\\s*${mine}`);
}

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const home = (path: string) => join(REPO, ...path.split("/"));

/** Each vocabulary: the pattern a copy of it matches, and the one file allowed to hold it. */
const VOCABULARIES: Record<string, { pattern: RegExp; home: string }> = {
  "alarm kinds": { pattern: listOf(ALARM_KINDS), home: "shared/alarms/index.ts" },
  "alarm statuses": { pattern: listOf(ALARM_STATUSES), home: "shared/alarms/index.ts" },
  "device statuses": { pattern: listOf(DEVICE_STATUSES), home: "shared/protocol/device-status.ts" },
  "site roles": { pattern: listOf(SITE_ROLES), home: "shared/roles/index.ts" },
  "equipment types": {
    pattern: listOf(
      EQUIPMENT_TYPES,
      EQUIPMENT_TYPES.filter((t) => !(DEVICE_KINDS as readonly string[]).includes(t)),
    ),
    home: "shared/equipment/index.ts",
  },
  // Which device kinds measure equipment: compared one by one, a union, or a list of just those two.
  "measuring kinds": {
    pattern: /"FRIDGE"\s*\|\|?\s*[^"\n]*"FREEZER"|\[\s*"FRIDGE",\s*"FREEZER"\s*\]\s*(?:as const|\))/,
    home: "shared/protocol/kinds.ts",
  },
  // The alphabet less its digits: the letters without I, L, O and U are the Crockford mark.
  "the Crockford code alphabet": {
    pattern: new RegExp(CROCKFORD_ALPHABET.slice(10)),
    home: "shared/ids/index.ts",
  },
  // Printing money by hand: Intl's currency style, or cents divided by 100 and fixed to two decimals.
  "money formatting": {
    pattern: /style:\s*["']currency["']|\/\s*100\s*\)\s*\.toFixed\(/,
    home: "shared/money/index.ts",
  },
};

describe("one home for each vocabulary", () => {
  it("keeps every copy of them in its home in shared/", () => {
    const offenders: string[] = [];
    let scanned = 0;
    for (const root of ["hub", "cloud", "edge", "shared", "devices", "scripts"]) {
      // A missing folder throws: the check fails rather than passing over nothing.
      const files = sources(join(REPO, root));
      expect(files.length, `${root}/ holds source files`).toBeGreaterThan(5);
      for (const file of files) {
        scanned++;
        const text = readFileSync(file, "utf8");
        for (const [name, v] of Object.entries(VOCABULARIES)) {
          if (file !== home(v.home) && v.pattern.test(text))
            offenders.push(`${relative(REPO, file)}: ${name}`);
        }
      }
    }
    expect(scanned).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });

  it.each(Object.entries(VOCABULARIES))("would catch a copy of %s (the check can fail)", (_name, v) => {
    // Each home holds what its pattern finds: the pattern is not one that matches nothing.
    expect(v.pattern.test(readFileSync(home(v.home), "utf8"))).toBe(true);
  });

  it("tells a copy from a single word used", () => {
    const is = (name: string, text: string) => VOCABULARIES[name]!.pattern.test(text);
    expect(is("alarm statuses", 'type S = "RAISED" | "ACKNOWLEDGED";')).toBe(true);
    expect(is("alarm kinds", 'if (kind === "DOOR_OPEN") return;')).toBe(false);
    expect(is("device statuses", 'status: z.enum(["ONLINE", "OFFLINE", "ERROR", "REVOKED"]),')).toBe(true);
    expect(is("device statuses", 'online ? "ONLINE" : "OFFLINE"')).toBe(false);
    expect(is("site roles", 'roles: ["OWNER", "MAINTAINER"]')).toBe(true);
    expect(is("site roles", 'role: "OWNER" | "MAINTAINER" | "GUEST";')).toBe(true);
    expect(is("site roles", 'role === "OWNER"')).toBe(false);
    expect(
      is("equipment types", 'text("type", { enum: ["FRIDGE", "FREEZER", "COLD_ROOM", "DISPLAY_CASE"] })'),
    ).toBe(true);
    expect(is("equipment types", 'kinds: ["FRIDGE", "FREEZER", "HEATER"]')).toBe(false);
    expect(is("measuring kinds", 'const cold = kind === "FRIDGE" || kind === "FREEZER";')).toBe(true);
    expect(is("measuring kinds", 'const MEASURED = new Set(["FRIDGE", "FREEZER"]);')).toBe(true);
    expect(is("measuring kinds", 'kind: "FRIDGE" | "FREEZER";')).toBe(true);
    expect(is("measuring kinds", 'kinds: ["FRIDGE", "FREEZER"], args: defrost')).toBe(false);
    expect(is("the Crockford code alphabet", 'const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";')).toBe(
      true,
    );
    expect(is("money formatting", "const s = (minor / 100).toFixed(2);")).toBe(true);
    expect(is("money formatting", 'new Intl.NumberFormat("en", { style: "currency", currency })')).toBe(true);
    expect(is("money formatting", "Math.round(x * 100) / 100")).toBe(false);
  });
});
