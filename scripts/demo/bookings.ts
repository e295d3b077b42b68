/** `npm start`'s bookings demo: an organiser with a tariff and an event, a crew company with two crew (once). */
import type { CloudClient } from "../cloud-client.ts";

const DAY = 86_400_000;

async function post(client: CloudClient, method: string, path: string, body: unknown) {
  const res = await client.raw(method, path, body);
  const json = (await res.json().catch(() => ({}))) as Record<string, string>;
  if (!res.ok) throw new Error(`demo ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** The demo owner administers both organisations, so one sign-in shows both sides of a booking. */
export async function ensureBookingsDemo(owner: CloudClient): Promise<void> {
  const { organisations } = (await owner.get("/v1/bookings/organisations")) as { organisations: unknown[] };
  if (organisations.length > 0) return;
  const org = await post(owner, "POST", "/v1/bookings/organisations", {
    kind: "organiser",
    name: "Nordic Live AB",
    vatNumber: "SE556677889901",
    address: "Sveavägen 1, 111 57 Stockholm",
  });
  const company = await post(owner, "POST", "/v1/bookings/organisations", {
    kind: "crew_company",
    name: "Stage Crew AB",
    vatNumber: "SE559988776601",
    address: "Götgatan 2, 116 46 Stockholm",
  });
  const now = Date.now();
  const crew = [
    { name: "Alva Berg", skills: [{ category: "Sound", skill: "FOH", years: 8, proficiency: 5 }] },
    { name: "Bo Lind", skills: [{ category: "Sound", skill: "FOH", years: 2, proficiency: 3 }] },
  ];
  for (const person of crew) {
    const c = await post(owner, "POST", `/v1/bookings/companies/${company.id}/crew`, person);
    await post(owner, "POST", `/v1/bookings/crew/${c.id}/availability`, {
      start: new Date(now).toISOString(),
      end: new Date(now + 60 * DAY).toISOString(),
    });
  }
  await post(owner, "PUT", `/v1/bookings/organisers/${org.id}/tariffs`, {
    category: "Sound",
    skill: "FOH",
    unit: "Hour",
    amount: 50_000,
  });
  await post(owner, "POST", `/v1/bookings/organisers/${org.id}/events`, {
    name: "Winter Gala",
    venue: "Cirkus, Stockholm",
    start: new Date(now + 7 * DAY).toISOString(),
    end: new Date(now + 8 * DAY).toISOString(),
  });
}
