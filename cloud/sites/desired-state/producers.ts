/**
 * The producers of a site's desired-state document, one per section, in one list. Adding a section is one
 * schema in shared/desired-state, one producer here and one apply function on the hub.
 */
import { asc, eq } from "drizzle-orm";
import type {
  DevicesSection,
  EquipmentSection,
  MembersSection,
  RulesSection,
  TrustedKeysSection,
} from "../../../shared/desired-state/index.ts";
import * as schema from "../schema.ts";
import type { SitesDb } from "../sites.ts";

export interface Person {
  userId: string;
  email: string;
  displayName: string | null;
}

export interface ProducerDeps {
  db: SitesDb;
  /** The accounts module's public JWKS (the keys that sign access and hub-scoped tokens). */
  jwks(): Promise<{ keys: unknown[] }>;
  /** Email and display name of users, from the accounts module. */
  people(userIds: string[]): Promise<Person[]>;
}

type Producer = (deps: ProducerDeps, siteId: string) => Promise<unknown>;

async function trustedKeys(deps: ProducerDeps): Promise<TrustedKeysSection> {
  const { keys } = await deps.jwks();
  return { keys: keys as TrustedKeysSection["keys"] };
}

async function members(deps: ProducerDeps, siteId: string): Promise<MembersSection> {
  const rows = await deps.db
    .select({ userId: schema.siteMembers.userId, role: schema.siteMembers.role })
    .from(schema.siteMembers)
    .where(eq(schema.siteMembers.siteId, siteId))
    .orderBy(asc(schema.siteMembers.userId));
  const people = new Map((await deps.people(rows.map((r) => r.userId))).map((p) => [p.userId, p]));
  const removed = await deps.db
    .select()
    .from(schema.siteMemberRemovals)
    .where(eq(schema.siteMemberRemovals.siteId, siteId))
    .orderBy(asc(schema.siteMemberRemovals.userId));
  const current = new Set(rows.map((r) => r.userId));
  return {
    members: rows.map((r) => ({
      userId: r.userId,
      email: people.get(r.userId)?.email ?? "",
      displayName: people.get(r.userId)?.displayName ?? null,
      role: r.role,
    })),
    // Someone removed and later invited back is a member again, not removed.
    removed: removed
      .filter((r) => !current.has(r.userId))
      .map((r) => ({ userId: r.userId, removedAt: new Date(r.removedAt).toISOString() })),
  };
}

async function devices(deps: ProducerDeps, siteId: string): Promise<DevicesSection> {
  const rows = await deps.db
    .select()
    .from(schema.siteDevices)
    .where(eq(schema.siteDevices.siteId, siteId))
    .orderBy(asc(schema.siteDevices.id));
  return {
    devices: rows.map((r) => ({
      id: r.id,
      kind: r.kind as DevicesSection["devices"][number]["kind"],
      name: r.name,
      secretHash: r.secretHash,
      equipmentId: r.equipmentId,
      revoked: r.revokedAt !== null,
    })),
  };
}

async function equipment(deps: ProducerDeps, siteId: string): Promise<EquipmentSection> {
  const rows = await deps.db
    .select()
    .from(schema.siteEquipment)
    .where(eq(schema.siteEquipment.siteId, siteId))
    .orderBy(asc(schema.siteEquipment.id));
  return {
    equipment: rows.map((r) => ({
      id: r.id,
      deviceId: r.deviceId,
      name: r.name,
      type: r.type as EquipmentSection["equipment"][number]["type"],
      setTemperature: r.setTemperature,
      optimalMin: r.optimalMin,
      optimalMax: r.optimalMax,
    })),
  };
}

async function rules(deps: ProducerDeps, siteId: string): Promise<RulesSection> {
  const rows = await deps.db
    .select()
    .from(schema.siteAlarmRules)
    .where(eq(schema.siteAlarmRules.siteId, siteId))
    .orderBy(asc(schema.siteAlarmRules.equipmentId));
  return { rules: rows.map((r) => ({ equipmentId: r.equipmentId, settings: JSON.parse(r.settings) })) };
}

/** Section name → producer. The hub applies sections in its own registry's order. */
export const SECTION_PRODUCERS: Record<string, Producer> = {
  trustedKeys,
  members,
  devices,
  equipment,
  rules,
};
