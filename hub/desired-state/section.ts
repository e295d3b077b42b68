/** What one section of the desired-state document is on the hub: its schema and its apply function. */
import type { z } from "zod";
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
 * A section: `schema` validates the payload (all sections are validated before any is applied);
 * `apply` writes it inside the document's one transaction. Authority: the cloud owns configuration;
 * where the hub may change a field offline, `apply` says per field who wins (and the hub's change is
 * an outbox event, never a silent overwrite).
 */
export interface HubSection<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  apply(tx: HubTx, value: z.infer<S>, ctx: ApplyContext): Promise<void>;
}

/** Helps TypeScript infer a section's payload type from its schema. */
export function defineSection<S extends z.ZodType>(section: HubSection<S>): HubSection<S> {
  return section;
}
