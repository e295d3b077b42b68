/** What one section of the desired-state document is on the hub: its name and schema version, schema and apply. */
import type { z } from "zod";
import type { SectionName, SectionVersion } from "../../shared/desired-state/index.ts";
import type { HubDb } from "../db/index.ts";

/** The transaction a desired-state document is applied in (drizzle over the hub's libsql file). */
export type HubTx = Parameters<Parameters<HubDb["transaction"]>[0]>[0];

export interface ApplyContext {
  siteId: string;
  hubId: string;
  version: number;
  /** Hub time (ms) at which the document is applied. */
  now: number;
}

/**
 * A section at one schema version: `schema` validates the payload (all sections are validated before any is
 * applied); `apply` writes it inside the document's one transaction. The hub states every (name, version)
 * it has to the cloud, which serves each section at the newest version both know. Authority: the cloud owns
 * configuration; where the hub may change a field offline, `apply` says per field who wins (and the hub's
 * change is an outbox event, never a silent overwrite).
 */
export interface HubSection<S extends z.ZodType = z.ZodType> {
  name: SectionName;
  version: number;
  schema: S;
  apply(tx: HubTx, value: z.infer<S>, ctx: ApplyContext): Promise<void>;
}

/** Ties a section to a (name, version) of shared/desired-state's catalog and infers its payload type. */
export function defineSection<
  N extends SectionName,
  V extends SectionVersion<N>,
  S extends z.ZodType,
>(section: {
  name: N;
  version: V;
  schema: S;
  apply(tx: HubTx, value: z.infer<S>, ctx: ApplyContext): Promise<void>;
}): HubSection<S> {
  return section;
}
