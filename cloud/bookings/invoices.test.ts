/** Invoices in workerd: gapless numbers under concurrency, VAT against a hand-computed fixture, overdue by cron, payment. */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it, vi } from "vitest";
import { buildDeps } from "../../edge/deps.ts";
import { runScheduled } from "../../edge/scheduled.ts";
import { deliver, eventsOf, stripe } from "../../edge/testing/billing-fixtures.ts";
import { localTime, ManualClock } from "../../shared/clock/index.ts";
import { vatOf } from "./pricing.ts";
import * as schema from "./schema.ts";
import { type BookingWorld, bookingInput, bookingWorld, call, ok } from "./test-fixtures.ts";

const db = () => drizzle(env.BOOKINGS_DB, { schema });
type Invoice = typeof schema.invoices.$inferSelect;

/** A confirmed booking of crew B on day `day` of December 2026, `hours` long. */
async function confirmed(w: BookingWorld, day: number, hours: number) {
  const start = `2026-12-${String(day).padStart(2, "0")}T10:00:00+01:00`;
  const end = `2026-12-${String(day).padStart(2, "0")}T${String(10 + hours).padStart(2, "0")}:00:00+01:00`;
  const b = await ok<{ id: string }>(
    w.organiser,
    "POST",
    "/v1/bookings/bookings",
    bookingInput(w, w.crewB, start, end),
  );
  await ok(w.crewUserB, "POST", `/v1/bookings/bookings/${b.id}/status`, { action: "confirm" });
  return b.id;
}

const draft = (w: BookingWorld, bookingIds: string[]) =>
  ok<Invoice>(w.companyAdmin, "POST", "/v1/bookings/invoices", { companyId: w.companyId, bookingIds });

describe("invoices", () => {
  it("VAT and totals match a hand-computed fixture (25 % Sweden, half up once on the sum)", async () => {
    // Tariff SEK 473.51 per hour; two one-hour bookings: net 947.02, VAT 236.755 → 236.76, total 1,183.78.
    const w = await bookingWorld({ tariff: { unit: "Hour", amount: 47_351 } });
    const inv = await draft(w, [await confirmed(w, 1, 1), await confirmed(w, 2, 1)]);
    expect(inv).toMatchObject({
      amount: 94_702,
      vatRate: 2500,
      vat: 23_676,
      total: 118_378,
      currency: "sek",
      status: "Draft",
      number: null,
    });
    expect(vatOf(94_702, 2500)).toBe(23_676);
    expect(vatOf(1_000, 2550)).toBe(255); // Finland 25.5 %
    expect(vatOf(2, 2500)).toBe(1); // 0.5 öre rounds up
    expect(vatOf(1, 2500)).toBe(0); // 0.25 öre rounds down

    const issued = await ok<Invoice>(w.companyAdmin, "POST", `/v1/bookings/invoices/${inv.id}/issue`);
    expect(issued.number).toMatch(/^\d{4}-0001$/);
    expect(issued.dueAt! - issued.issuedAt!).toBe(30 * 86_400_000);
    // Issuing twice is a CONFLICT and uses no number.
    expect((await call(w.companyAdmin, "POST", `/v1/bookings/invoices/${inv.id}/issue`)).status).toBe(409);

    const page = await (await import("../../edge/testing/fixtures.ts")).api(
      `/v1/bookings/invoices/${inv.id}/print`,
      {
        headers: { authorization: `Bearer ${w.organiser.token}` },
      },
    );
    const html = await page.text();
    for (const text of [
      "SE556000000101",
      "SE556000000202",
      "Stage Crew AB",
      "Nordic Live AB",
      "Bo Lind",
      issued.number!,
      "236.76",
      "1,183.78",
    ])
      expect(html).toContain(text);
    expect(html).not.toContain("Alva Berg — Winter Gala"); // only crew B worked
  });

  it("numbers are gapless and unique per organiser per year under 20 concurrent issues", async () => {
    const w = await bookingWorld();
    const ids = [];
    for (let day = 1; day <= 20; day++) ids.push(await confirmed(w, day, 2));
    const drafts = await Promise.all(ids.map((id) => draft(w, [id])));
    const results = await Promise.all(
      drafts.map((d) => call<Invoice>(w.companyAdmin, "POST", `/v1/bookings/invoices/${d.id}/issue`)),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const year = localTime(Date.now(), "Europe/Stockholm").year;
    const numbers = results.map((r) => r.body.number).sort();
    expect(numbers).toEqual(
      Array.from({ length: 20 }, (_, i) => `${year}-${String(i + 1).padStart(4, "0")}`),
    );
  });

  it("the scheduled handler marks an issued invoice overdue once its due date passed (injected clock)", async () => {
    const w = await bookingWorld();
    const inv = await draft(w, [await confirmed(w, 3, 2)]);
    const issued = await ok<Invoice>(w.companyAdmin, "POST", `/v1/bookings/invoices/${inv.id}/issue`);
    const early = buildDeps(env, { clock: new ManualClock(issued.dueAt! - 1) });
    await runScheduled(early);
    expect(
      (await db().select().from(schema.invoices).where(eq(schema.invoices.id, inv.id)).get())?.status,
    ).toBe("Issued");
    const late = buildDeps(env, { clock: new ManualClock(issued.dueAt! + 1) });
    await runScheduled(late);
    expect(
      (await db().select().from(schema.invoices).where(eq(schema.invoices.id, inv.id)).get())?.status,
    ).toBe("Overdue");
    const overdue = (await db().select().from(schema.outbox).all()).filter(
      (r) => r.event.includes('"invoice.overdue"') && r.event.includes(inv.id),
    );
    expect(overdue).toHaveLength(1);
  });

  it("an organiser admin pays through billing (amount from the invoice); the invoice becomes Paid", async () => {
    const w = await bookingWorld();
    const inv = await draft(w, [await confirmed(w, 4, 2)]);
    await ok(w.companyAdmin, "POST", `/v1/bookings/invoices/${inv.id}/issue`);
    const payable = { kind: "BOOKINGS_INVOICE", id: `${inv.id}.${w.organiser.id}` };
    // The crew company's admin is not the payer.
    expect(
      (
        await call(w.companyAdmin, "POST", "/v1/billing/payments", {
          payable: { ...payable, id: `${inv.id}.${w.companyAdmin.id}` },
        })
      ).status,
    ).toBe(404);
    const started = await ok<{ paymentIntentId: string; amount: number; currency: string }>(
      w.organiser,
      "POST",
      "/v1/billing/payments",
      { payable, amount: 1 },
    );
    expect(started).toMatchObject({ amount: inv.total, currency: "sek" });
    await stripe.paymentIntents.confirm(started.paymentIntentId, { payment_method: "pm_card_visa" });
    const [event] = await eventsOf("payment_intent.succeeded", (o) => o.id === started.paymentIntentId);
    expect((await deliver(event!)).status).toBe(200);
    await vi.waitFor(
      async () => {
        const row = await db().select().from(schema.invoices).where(eq(schema.invoices.id, inv.id)).get();
        expect(row?.status).toBe("Paid");
      },
      { timeout: 15_000, interval: 100 },
    );
  });

  it("cancelling a draft frees its bookings; a cancelled issued invoice keeps its number and cannot be cancelled again", async () => {
    const w = await bookingWorld();
    const booking = await confirmed(w, 5, 2);
    const first = await draft(w, [booking]);
    await ok(w.companyAdmin, "POST", `/v1/bookings/invoices/${first.id}/cancel`);
    const second = await draft(w, [booking]);
    const issued = await ok<Invoice>(w.companyAdmin, "POST", `/v1/bookings/invoices/${second.id}/issue`);
    await ok(w.companyAdmin, "POST", `/v1/bookings/invoices/${second.id}/cancel`);
    const row = await db().select().from(schema.invoices).where(eq(schema.invoices.id, second.id)).get();
    expect(row).toMatchObject({ status: "Cancelled", number: issued.number });
    // Still on the cancelled invoice (a credit note would undo it), so it cannot be invoiced twice.
    expect(
      (
        await call(w.companyAdmin, "POST", "/v1/bookings/invoices", {
          companyId: w.companyId,
          bookingIds: [booking],
        })
      ).status,
    ).toBe(400);
    expect((await call(w.companyAdmin, "POST", `/v1/bookings/invoices/${second.id}/cancel`)).status).toBe(
      409,
    );
  });
});

describe("access", () => {
  it("crew cannot read another crew member's bank details; they and their company's admins can", async () => {
    const w = await bookingWorld();
    expect((await call(w.crewUserA, "GET", `/v1/bookings/crew/${w.crewB}/private`)).status).toBe(404);
    expect((await call(w.organiser, "GET", `/v1/bookings/crew/${w.crewB}/private`)).status).toBe(404);
    expect(await ok(w.crewUserB, "GET", `/v1/bookings/crew/${w.crewB}/private`)).toMatchObject({
      bankAccount: "SE45 5000 0000 0583 9825 7466",
      ssn: null,
    });
    expect(await ok(w.companyAdmin, "GET", `/v1/bookings/crew/${w.crewA}/private`)).toMatchObject({
      ssn: "19900101-1234",
    });
    // Sealed at rest: the database never holds the plaintext.
    const row = await db().select().from(schema.crewMembers).where(eq(schema.crewMembers.id, w.crewA)).get();
    expect(row?.bankAccountSealed).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain("0549");
    // The public crew list never carries private fields.
    const list = await ok<{ crew: Record<string, unknown>[] }>(
      w.organiser,
      "GET",
      `/v1/bookings/crew?companyId=${w.companyId}`,
    );
    expect(list.crew.map((c) => c.name)).toEqual(["Alva Berg", "Bo Lind"]);
    expect(JSON.stringify(list)).not.toMatch(/ssn|bank|Sealed/i);
  });

  it("an organiser cannot see another organiser's tariffs", async () => {
    const [w, other] = await Promise.all([bookingWorld(), bookingWorld()]);
    expect(
      (await call(other.organiser, "GET", `/v1/bookings/organisers/${w.organiserId}/tariffs`)).status,
    ).toBe(404);
    expect((await call(w.crewUserA, "GET", `/v1/bookings/organisers/${w.organiserId}/tariffs`)).status).toBe(
      404,
    );
    const own = await ok<{ tariffs: unknown[] }>(
      w.organiser,
      "GET",
      `/v1/bookings/organisers/${w.organiserId}/tariffs`,
    );
    expect(own.tariffs).toEqual([
      expect.objectContaining({
        category: "Sound",
        skill: "FOH",
        unit: "Hour",
        amount: 50_000,
        currency: "sek",
      }),
    ]);
  });
});
