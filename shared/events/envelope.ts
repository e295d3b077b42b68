/** The one event envelope (seed 003), used on the hub, on the wire and in the cloud. */
import { z } from "zod";

export const envelopeSchema = z.object({
  id: z.string().min(16).max(64),
  // Segments may hold "-" (equipment.readings.rolled-up is in the catalog).
  type: z.string().regex(/^[a-z]+(\.[a-z][a-z_-]*)+$/, "dotted lower-case routing key"),
  version: z.number().int().positive(),
  occurredAt: z.string().datetime({ offset: true }),
  correlationId: z.string().min(1).max(128),
  source: z.object({
    siteId: z.string().min(1).max(64),
    hubId: z.string().min(1).max(64).optional(),
    // A module's own name (SOURCE_MODULES lists today's); a module added later is not refused by an older peer.
    module: z.string().regex(/^[a-z][a-z-]{1,39}$/, "a module name"),
  }),
  seq: z.number().int().positive().optional(),
  data: z.unknown(),
});

export type EventEnvelope<D = unknown> = Omit<z.infer<typeof envelopeSchema>, "data"> & { data: D };
