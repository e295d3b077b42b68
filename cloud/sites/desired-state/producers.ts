/**
 * The sites module's desired-state producers, one value per (section, schema version) it can still serve,
 * and the small deps they read. Adding a section version: its schema in shared/desired-state/catalog.ts,
 * a producer here, and the hub's apply function.
 */
import type { Clock } from "../../../shared/clock/index.ts";
import type { SitesDb } from "../sites.ts";
import { members, trustedKeysV1, trustedKeysV2 } from "./access-producers.ts";
import type { AnySectionProducer } from "./producer.ts";
import { devices, equipment, rules, site } from "./site-producers.ts";

export interface Person {
  userId: string;
  email: string;
  displayName: string | null;
}

export interface SitesProducerDeps {
  db: SitesDb;
  clock: Clock;
  /** The accounts module's public JWKS (the keys that sign access and hub-scoped tokens). */
  jwks(): Promise<{ keys: unknown[] }>;
  /** Email and display name of users, from the accounts module. */
  people(userIds: string[]): Promise<Person[]>;
  /** Public JWKs that sign the site's QR codes (Ed25519), from the module that issues them; none without it. */
  qrKeys?(siteId: string): Promise<Record<string, unknown>[]>;
}

export const SITES_PRODUCERS: readonly AnySectionProducer<SitesProducerDeps>[] = [
  trustedKeysV1,
  trustedKeysV2,
  members,
  site,
  devices,
  equipment,
  rules,
];
