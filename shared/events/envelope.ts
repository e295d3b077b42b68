/** The one event envelope (seed 003), used on the hub, on the wire and in the cloud. */
import { z } from "zod";

export const SOURCE_MODULES = [
  "monitoring",
  "dispensing",
  "heating",
  "service",
  "devices",
  "accounts",
  "sites",
  "marketplace",
  "bookings",
  "billing",
  "notifications",
  "analytics",
] as const;

export const envelopeSchema = z.object({
  id: z.string().min(16).max(64),
  type: z.string().regex(/^[a-z]+(\.[a-z_-]+)+$/, "dotted lower-case routing key"),
  version: z.number().int().positive(),
  occurredAt: z.string().datetime({ offset: true }),
  correlationId: z.string().min(1).max(128),
  source: z.object({
    siteId: z.string().min(1).max(64),
    hubId: z.string().min(1).max(64).optional(),
    module: z.enum(SOURCE_MODULES),
  }),
  seq: z.number().int().positive().optional(),
  data: z.unknown(),
});

export type EventEnvelope<D = unknown> = Omit<z.infer<typeof envelopeSchema>, "data"> & { data: D };
