/** Desired-state section `service`: a site's open work orders and the technicians allowed in for each. */
import { z } from "zod";

export const serviceSection = z.object({
  workOrders: z
    .array(
      z.object({
        id: z.string(),
        number: z.string(),
        title: z.string(),
        equipmentId: z.string(),
        status: z.enum(["SCHEDULED", "IN_PROGRESS"]),
        slotStart: z.string().nullable(),
        slotEnd: z.string().nullable(),
        technicians: z.array(z.object({ userId: z.string(), name: z.string() })),
      }),
    )
    .max(200),
});

export type ServiceSection = z.infer<typeof serviceSection>;
