/** Request bodies and queries of the bookings routes (also typing the owner app's client). */
import { z } from "zod";
import { timeZoneSchema } from "../../shared/clock/index.ts";

const name = z.string().trim().min(1).max(200);
const word = z.string().trim().min(1).max(80);
/** An instant with its offset, e.g. 2026-12-24T18:00:00+01:00. */
export const instant = z
  .string()
  .datetime({ offset: true })
  .transform((s) => Date.parse(s));

export const orgBody = z.object({
  kind: z.enum(["organiser", "crew_company"]),
  name,
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .optional(),
  vatNumber: z.string().trim().max(40).nullable().optional(),
  address: z.string().trim().max(400).nullable().optional(),
  timeZone: timeZoneSchema.optional(),
});
export const memberBody = z.object({ userId: word, role: z.enum(["admin", "member"]) });
export const skillSchema = z.object({
  category: word,
  skill: word,
  years: z.number().int().min(0).max(80),
  proficiency: z.number().int().min(1).max(5),
});
export const crewBody = z.object({
  name,
  userId: word.nullable().optional(),
  skills: z.array(skillSchema).max(50).optional(),
  ssn: z.string().trim().min(1).max(40).optional(),
  bankAccount: z.string().trim().min(1).max(60).optional(),
});
export const privateBody = z.object({
  ssn: z.string().trim().min(1).max(40).optional(),
  bankAccount: z.string().trim().min(1).max(60).optional(),
});
export const slotBody = z.object({ start: instant, end: instant });
export const tariffBody = z.object({
  category: word,
  skill: word,
  unit: z.enum(["Hour", "Day", "Event"]),
  amount: z.number().int().positive().max(1e11),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .optional(),
});
export const eventBody = z.object({
  name,
  venue: z.string().trim().max(200).nullable().optional(),
  details: z.string().trim().max(4000).nullable().optional(),
  start: instant,
  end: instant,
});
const eventStatus = z.enum(["Draft", "Scheduled", "InProgress", "Completed", "Cancelled"]);
export const eventStatusBody = z.object({ from: eventStatus, to: eventStatus });
export const monthQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) });
export const rangeQuery = z.object({ from: instant, to: instant });
export const crewQuery = z.object({
  companyId: word.optional(),
  category: word.optional(),
  skill: word.optional(),
});
export const holdBody = z.object({ organiserId: word, crewId: word, start: instant, end: instant });
export const bookingBody = z.object({
  eventId: word,
  crewId: word,
  category: word,
  skill: word,
  start: instant,
  end: instant,
  holdId: word.optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
});
export const bookingActionBody = z.object({ action: z.enum(["confirm", "complete", "cancel"]) });
export const invoiceBody = z.object({ companyId: word, bookingIds: z.array(word).min(1).max(90) });
