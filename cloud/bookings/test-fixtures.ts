/** Test-only: an organiser with a tariff and an event, a crew company with two crew, through the real Worker. */
import { api, jsonInit, signUpUser, type TestUser } from "../../edge/testing/fixtures.ts";

export async function call<T = Record<string, unknown>>(
  user: TestUser,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const init =
    body === undefined
      ? { method, headers: { authorization: `Bearer ${user.token}` } }
      : jsonInit(method, body, user.token);
  const res = await api(path, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

export async function ok<T = Record<string, unknown>>(
  user: TestUser,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await call<T>(user, method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface BookingWorld {
  organiser: TestUser;
  companyAdmin: TestUser;
  crewUserA: TestUser;
  crewUserB: TestUser;
  organiserId: string;
  companyId: string;
  crewA: string;
  crewB: string;
  eventId: string;
}

/** Everything needed to book: crew A is available all of December 2026, crew B all of 2026. */
export async function bookingWorld(
  options: { tariff?: { unit: "Hour" | "Day" | "Event"; amount: number } } = {},
): Promise<BookingWorld> {
  const [organiser, companyAdmin, crewUserA, crewUserB] = await Promise.all([
    signUpUser(),
    signUpUser(),
    signUpUser("crew"),
    signUpUser("crew"),
  ]);
  const org = await ok<{ id: string }>(organiser, "POST", "/v1/bookings/organisations", {
    kind: "organiser",
    name: "Nordic Live AB",
    country: "SE",
    vatNumber: "SE556000000101",
    address: "Sveavägen 1, Stockholm",
  });
  const company = await ok<{ id: string }>(companyAdmin, "POST", "/v1/bookings/organisations", {
    kind: "crew_company",
    name: "Stage Crew AB",
    vatNumber: "SE556000000202",
    address: "Götgatan 2, Stockholm",
  });
  const skills = [{ category: "Sound", skill: "FOH", years: 6, proficiency: 4 }];
  const a = await ok<{ id: string }>(companyAdmin, "POST", `/v1/bookings/companies/${company.id}/crew`, {
    name: "Alva Berg",
    userId: crewUserA.id,
    skills,
    ssn: "19900101-1234",
    bankAccount: "SE35 5000 0000 0549 1000 0003",
  });
  const b = await ok<{ id: string }>(companyAdmin, "POST", `/v1/bookings/companies/${company.id}/crew`, {
    name: "Bo Lind",
    userId: crewUserB.id,
    skills,
    bankAccount: "SE45 5000 0000 0583 9825 7466",
  });
  await ok(crewUserA, "POST", `/v1/bookings/crew/${a.id}/availability`, {
    start: "2026-12-01T00:00:00+01:00",
    end: "2027-01-01T00:00:00+01:00",
  });
  await ok(crewUserB, "POST", `/v1/bookings/crew/${b.id}/availability`, {
    start: "2026-01-01T00:00:00+01:00",
    end: "2027-01-01T00:00:00+01:00",
  });
  await ok(organiser, "PUT", `/v1/bookings/organisers/${org.id}/tariffs`, {
    category: "Sound",
    skill: "FOH",
    ...(options.tariff ?? { unit: "Hour", amount: 50_000 }),
  });
  const event = await ok<{ id: string }>(organiser, "POST", `/v1/bookings/organisers/${org.id}/events`, {
    name: "Winter Gala",
    venue: "Cirkus",
    start: "2026-12-12T16:00:00+01:00",
    end: "2026-12-13T02:00:00+01:00",
  });
  return {
    organiser,
    companyAdmin,
    crewUserA,
    crewUserB,
    organiserId: org.id,
    companyId: company.id,
    crewA: a.id,
    crewB: b.id,
    eventId: event.id,
  };
}

export const bookingInput = (w: BookingWorld, crewId: string, start: string, end: string) => ({
  eventId: w.eventId,
  crewId,
  category: "Sound",
  skill: "FOH",
  start,
  end,
});
