import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/cloud.ts";
import type { StripeEmulator } from "../../scripts/stripe-emulator/index.ts";
import { type BillingStack, startBillingStack } from "../stack.ts";
import { launchChromium, screenshot } from "./chromium.ts";

const WEBHOOK_SECRET = "whsec_e2e_bookings_web";
const SECRET_KEY = "sk_test_e2e_bookings";
const UI_WAIT = 30_000;
const DAY = 86_400_000;

let browser: Browser;
let emulator: StripeEmulator;
let stack: BillingStack;
let url: string;

beforeAll(async () => {
  [browser, stack] = await Promise.all([
    launchChromium(),
    startBillingStack(WEBHOOK_SECRET, { port: await freePort(), secretKey: SECRET_KEY }),
  ]);
  url = stack.url;
  emulator = stack.emulator;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.destroy();
});

async function api(method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as Record<string, string>;
}

async function account() {
  const email = `bookings-${crypto.randomUUID()}@example.test`;
  const password = "correct horse battery";
  await api("POST", "/v1/accounts/sign-up", undefined, { email, password });
  const s = (await api("POST", "/v1/accounts/sign-in", undefined, { email, password })) as unknown as {
    accessToken: string;
  };
  return { email, password, token: s.accessToken };
}

/** `YYYY-MM-DD` of `ms` in Stockholm. */
const stockholmDay = (ms: number) =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(ms);

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto(`${url}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: UI_WAIT });
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your sites" }).waitFor({ timeout: UI_WAIT });
}

describe("owner app bookings", () => {
  it("books crew, and the organiser pays the issued invoice through the Stripe emulator", async () => {
    const [organiser, admin] = [await account(), await account()];
    const org = await api("POST", "/v1/bookings/organisations", organiser.token, {
      kind: "organiser",
      name: "Nordic Live AB",
      vatNumber: "SE556000000101",
    });
    const company = await api("POST", "/v1/bookings/organisations", admin.token, {
      kind: "crew_company",
      name: "Stage Crew AB",
      vatNumber: "SE556000000202",
    });
    const crew = await api("POST", `/v1/bookings/companies/${company.id}/crew`, admin.token, {
      name: "Alva Berg",
      skills: [{ category: "Sound", skill: "FOH", years: 6, proficiency: 4 }],
    });
    const now = Date.now();
    await api("POST", `/v1/bookings/crew/${crew.id}/availability`, admin.token, {
      start: new Date(now).toISOString(),
      end: new Date(now + 30 * DAY).toISOString(),
    });
    await api("PUT", `/v1/bookings/organisers/${org.id}/tariffs`, organiser.token, {
      category: "Sound",
      skill: "FOH",
      unit: "Hour",
      amount: 50_000,
    });
    await api("POST", `/v1/bookings/organisers/${org.id}/events`, organiser.token, {
      name: "Winter Gala",
      start: new Date(now + DAY).toISOString(),
      end: new Date(now + 4 * DAY).toISOString(),
    });

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, organiser);
    await page.getByRole("link", { name: "Bookings" }).click();
    await page.getByRole("link", { name: "Nordic Live AB" }).click();
    await page.getByRole("heading", { name: "Nordic Live AB" }).waitFor({ timeout: UI_WAIT });

    const flow = page.getByRole("region", { name: "Book crew" });
    await flow.getByLabel("Crew member").selectOption({ label: "Alva Berg (Stage Crew AB)" });
    await flow.getByLabel("Event").selectOption({ label: "Winter Gala" });
    const day = stockholmDay(now + 2 * DAY);
    await flow.getByLabel("Work starts").fill(`${day}T18:00`);
    await flow.getByLabel("Work ends").fill(`${day}T22:30`);
    await flow.getByRole("button", { name: "Hold the slot" }).click();
    await flow.getByText(/^Held until/).waitFor({ timeout: UI_WAIT });
    await flow.getByRole("button", { name: "Request booking" }).click();
    // 4 h 30 min bills 5 started hours at SEK 500.
    await flow.getByText("Booking requested: 5 × Hour, SEK 2500.00 excl. VAT.").waitFor({ timeout: UI_WAIT });
    await screenshot(page, "owner-bookings-requested");

    // The crew company confirms and invoices (its admin's side of the flow).
    const { bookings } = (await api(
      "GET",
      `/v1/bookings/organisations/${company.id}/bookings`,
      admin.token,
    )) as unknown as { bookings: { booking: { id: string } }[] };
    const bookingId = bookings[0]!.booking.id;
    await api("POST", `/v1/bookings/bookings/${bookingId}/status`, admin.token, { action: "confirm" });
    const draft = await api("POST", "/v1/bookings/invoices", admin.token, {
      companyId: company.id,
      bookingIds: [bookingId],
    });
    await api("POST", `/v1/bookings/invoices/${draft.id}/issue`, admin.token);

    await page.reload();
    const invoices = page.getByRole("region", { name: "Invoices" });
    await expect
      .poll(() => invoices.getByTestId("invoice-status").first().textContent(), { timeout: UI_WAIT })
      .toBe("Issued");
    await invoices.getByRole("cell", { name: "SEK 3125.00" }).waitFor({ timeout: UI_WAIT }); // 2,500 + 25 % VAT
    const [started] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith("/v1/billing/payments") && r.request().method() === "POST",
      ),
      invoices.getByRole("button", { name: /^Pay invoice/ }).click(),
    ]);
    const payment = (await started.json()) as { paymentIntentId: string; amount: number };
    expect(payment.amount).toBe(312_500);
    // What Stripe.js does in the browser with the client secret: confirm the PaymentIntent with a card.
    const confirmed = await fetch(`${emulator.url}/v1/payment_intents/${payment.paymentIntentId}/confirm`, {
      method: "POST",
      headers: { authorization: `Bearer ${SECRET_KEY}`, "content-type": "application/x-www-form-urlencoded" },
      body: "payment_method=pm_card_visa",
    });
    expect(confirmed.status).toBe(200);
    await expect
      .poll(() => invoices.getByTestId("invoice-status").first().textContent(), { timeout: UI_WAIT })
      .toBe("Paid");
    await screenshot(page, "owner-bookings-invoice-paid");
  }, 150_000);
});
