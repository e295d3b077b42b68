/**
 * Every desired-state section by name and schema version, typed once for both sides: the cloud's producers
 * and the hub's apply functions are keyed by these names and versions. A new section, or a new schema
 * version of one, is one line here; the cloud keeps a producer per version it can still serve.
 */
import type { z } from "zod";
import { dispensingSection } from "../dispensing/section.ts";
import { heatingSection } from "../heating/section.ts";
import { membersSection, trustedKeysSection, trustedKeysSectionV1 } from "./access-sections.ts";
import { devicesSection, equipmentSection, rulesSection } from "./sections.ts";
import { serviceSection } from "./service-section.ts";
import { siteSection } from "./site-section.ts";

export const SECTION_SCHEMAS = {
  trustedKeys: { 1: trustedKeysSectionV1, 2: trustedKeysSection },
  members: { 1: membersSection },
  site: { 1: siteSection },
  devices: { 1: devicesSection },
  equipment: { 1: equipmentSection },
  rules: { 1: rulesSection },
  heating: { 1: heatingSection },
  dispensing: { 1: dispensingSection },
  service: { 1: serviceSection },
} as const satisfies Record<string, Record<number, z.ZodType>>;

export type SectionName = keyof typeof SECTION_SCHEMAS;
export const SECTION_NAMES = Object.keys(SECTION_SCHEMAS) as SectionName[];
/** The schema versions of section `N` this code base knows. */
export type SectionVersion<N extends SectionName> = keyof (typeof SECTION_SCHEMAS)[N] & number;
/** The payload of section `N` at schema version `V`. */
export type SectionPayload<N extends SectionName, V extends SectionVersion<N>> =
  (typeof SECTION_SCHEMAS)[N][V] extends z.ZodType<infer T> ? T : never;

export function isSectionName(name: string): name is SectionName {
  return Object.hasOwn(SECTION_SCHEMAS, name);
}

/** One section at one schema version, as a hub states it understands it (`name@version` on the wire). */
export interface SectionRef {
  section: string;
  version: number;
}

/**
 * `GET desired-state` request header: the sections the hub applies and their schema versions, e.g.
 * `Outpost-Sections: trustedKeys@2, members@1, site@1`. A hub that knows two versions of a section lists
 * both; the cloud serves the newest it can. The response varies on it (`Vary`, and the ETag covers it).
 */
export const SECTIONS_HEADER = "outpost-sections";

/**
 * What a hub that sends no `Outpost-Sections` gets: the sections and versions that existed before hubs
 * stated them, so a hub from then keeps working (and keeps its plain `"<version>"` ETag).
 */
export const LEGACY_SECTION_SET = [
  { section: "trustedKeys", version: 1 },
  { section: "members", version: 1 },
  { section: "devices", version: 1 },
  { section: "equipment", version: 1 },
  { section: "rules", version: 1 },
] as const satisfies readonly { section: SectionName; version: number }[];

const REF = /^([a-z][a-zA-Z]{0,39})@(\d{1,4})$/;
const MAX_REFS = 64;

export function formatSectionSet(refs: readonly SectionRef[]): string {
  return refs.map((r) => `${r.section}@${r.version}`).join(", ");
}

/** Parses the header; `undefined` when any entry is malformed or there are too many (the caller answers 400). */
export function parseSectionSet(header: string): SectionRef[] | undefined {
  const tokens = header
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  if (tokens.length > MAX_REFS) return undefined;
  const refs: SectionRef[] = [];
  for (const token of tokens) {
    const match = REF.exec(token);
    if (!match) return undefined;
    refs.push({ section: match[1]!, version: Number(match[2]) });
  }
  return refs;
}
