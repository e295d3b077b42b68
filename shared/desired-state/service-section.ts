/** Desired-state section `service`: a site's open work orders and the technicians allowed in for each. */
import { z } from "zod";
import { signInCodeEntry } from "../sign-in-code/index.ts";

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
        /** The order's currency, so the visit screen shows parts in it (absent from an older cloud). */
        currency: z.string().length(3).optional(),
      }),
    )
    .max(200),
  /**
   * One-time sign-in codes of the technicians above (hashes only). A technician is not a site member: the code
   * signs them in for the visit alone (hub/auth/sign-in-code.ts). Absent from an older cloud: none.
   */
  signInCodes: z.array(signInCodeEntry).max(200).default([]),
});

export type ServiceSection = z.input<typeof serviceSection>;
