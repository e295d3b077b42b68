import { describe, expect, it } from "vitest";
import {
  buildEvent,
  EVENT_CATALOG,
  type EventData,
  type EventType,
  parseEvent,
} from "../../shared/events/index.ts";
import { MARKETPLACE_SAMPLES } from "../marketplace/event-samples.ts";
import { DESCRIBERS, describeEvent } from "./describers.ts";

const at = "2026-06-01T12:00:00.000Z";
const PAYMENT = {
  paymentId: "pay_1",
  payableKind: "DEMO",
  payableId: "order-1",
  accountId: "user-1",
  amount: 2900,
  currency: "eur",
  stripePaymentIntentId: "pi_1",
};
const KINDS = ["HIGH_TEMPERATURE", "LOW_TEMPERATURE", "DOOR_OPEN", "SENSOR_STALE", "POWER_LOSS"] as const;

// Samples per catalog type, with and without every nullable field; the mapped type makes a new catalog
// type a compile error here too, until it has samples.
const SAMPLES: { [T in EventType]: EventData<T>[] } = {
  "equipment.alarm.raised": KINDS.flatMap((kind) => [
    {
      alarmId: "a",
      equipmentId: "e1",
      equipmentName: "Dairy fridge",
      kind,
      temperature: 9.46,
      limit: 8,
      raisedAt: at,
    },
    {
      alarmId: "a",
      equipmentId: "e1",
      equipmentName: "Dairy fridge",
      kind,
      temperature: null,
      limit: null,
      raisedAt: at,
    },
    {
      alarmId: "a",
      equipmentId: "e1",
      equipmentName: "Dairy fridge",
      kind,
      temperature: 9,
      limit: null,
      raisedAt: at,
    },
  ]),
  "equipment.alarm.acknowledged": [
    { alarmId: "a", equipmentId: "e1", acknowledgedBy: "Ana", note: "moving stock", acknowledgedAt: at },
    { alarmId: "a", equipmentId: "e1", acknowledgedBy: "Ana", note: null, acknowledgedAt: at },
  ],
  "equipment.alarm.escalated": KINDS.map((kind) => ({
    alarmId: "a",
    equipmentId: "e1",
    equipmentName: "Dairy fridge",
    kind,
    raisedAt: at,
    escalatedAt: at,
  })),
  "equipment.alarm.cleared": KINDS.flatMap((kind) => [
    { alarmId: "a", equipmentId: "e1", kind, temperature: 6.5, peak: 10.5, clearedAt: at },
    { alarmId: "a", equipmentId: "e1", kind, temperature: null, peak: null, clearedAt: at },
  ]),
  "equipment.alarm.closed": [
    { alarmId: "a", equipmentId: "e1", closedBy: "Ana", correctiveAction: "moved stock", closedAt: at },
    { alarmId: "a", equipmentId: "e1", closedBy: "Ana", correctiveAction: null, closedAt: at },
  ],
  "equipment.status.changed": [
    {
      equipmentId: "e1",
      equipmentName: "Dairy fridge",
      status: "ALARM",
      previous: "OK",
      activeAlarms: 1,
      changedAt: at,
    },
  ],
  "equipment.readings.rolled-up": [
    {
      equipmentId: "e1",
      equipmentName: "Dairy fridge",
      minutes: [{ at, min: 3, max: 4, mean: 3.5, count: 6 }],
    },
  ],
  "device.presence.changed": (["ONLINE", "OFFLINE", "ERROR", "REVOKED"] as const).map((status) => ({
    deviceId: "d1",
    kind: "FRIDGE",
    name: "Back fridge",
    status,
    equipmentId: null,
    changedAt: at,
  })),
  "equipment.rules.changed": (["hub", "desired-state"] as const).map((origin) => ({
    equipmentId: "e1",
    changes: { highDelayMs: 0 },
    origin,
    changedAt: at,
  })),
  "equipment.configured": [
    {
      equipmentId: "e1",
      equipmentName: "Drinks fridge",
      type: "FRIDGE",
      setTemperature: 3,
      optimalMin: 0,
      optimalMax: 5,
      location: null,
      configuredAt: at,
    },
  ],
  "payment.succeeded": [{ ...PAYMENT, succeededAt: at }],
  "payment.failed": [
    { ...PAYMENT, reason: "card_declined", failedAt: at },
    { ...PAYMENT, reason: null, failedAt: at },
  ],
  "payment.refunded": [true, false].map((fullyRefunded) => ({
    ...PAYMENT,
    refundId: "re_1",
    refundAmount: fullyRefunded ? 2900 : 900,
    refundedTotal: fullyRefunded ? 2900 : 900,
    fullyRefunded,
    reason: "requested_by_customer",
    refundedAt: at,
  })),
  ...MARKETPLACE_SAMPLES,
};

describe("notification describers", () => {
  it("has exactly one describer per catalog type", () => {
    expect(Object.keys(DESCRIBERS).sort()).toEqual(Object.keys(EVENT_CATALOG).sort());
  });

  it("renders every sample of every catalog type without undefined, null or NaN", () => {
    for (const type of Object.keys(EVENT_CATALOG) as EventType[]) {
      const samples = SAMPLES[type];
      expect(samples.length, type).toBeGreaterThan(0);
      for (const data of samples) {
        // Each sample is valid against the catalog, so the describer sees what consumers see.
        parseEvent(
          buildEvent({
            type,
            source: { siteId: "s", hubId: "h", module: "monitoring" },
            occurredAt: 0,
            data: data as never,
          }),
        );
        const text = describeEvent(type, data as never);
        if (!text) continue;
        for (const part of [text.title, text.body]) {
          expect(part, `${type} ${JSON.stringify(data)}`).not.toMatch(/undefined|null|NaN/);
          expect(part.trim().length).toBeGreaterThan(0);
        }
      }
    }
  });

  it("never describes an acknowledged, escalated or closed alarm as back in range or cleared", () => {
    for (const type of [
      "equipment.alarm.acknowledged",
      "equipment.alarm.escalated",
      "equipment.alarm.closed",
    ] as const) {
      for (const data of SAMPLES[type]) {
        const text = describeEvent(type, data as never)!;
        expect(`${text.title} ${text.body}`).not.toMatch(/back in range|cleared|restored|resumed/i);
      }
    }
    const ack = describeEvent("equipment.alarm.acknowledged", SAMPLES["equipment.alarm.acknowledged"][0]!)!;
    expect(ack.title).toBe("Alarm acknowledged");
    expect(ack.body).toContain("Ana");
  });

  it("gives door, stale-sensor and power alarms their own words, never a temperature", () => {
    for (const kind of ["DOOR_OPEN", "SENSOR_STALE", "POWER_LOSS"] as const) {
      const raised = describeEvent("equipment.alarm.raised", {
        alarmId: "a",
        equipmentId: "e1",
        equipmentName: "Dairy fridge",
        kind,
        temperature: null,
        limit: null,
        raisedAt: at,
      })!;
      expect(raised.body).not.toContain("°C");
      const cleared = describeEvent("equipment.alarm.cleared", {
        alarmId: "a",
        equipmentId: "e1",
        kind,
        temperature: null,
        peak: null,
        clearedAt: at,
      })!;
      expect(cleared.title).not.toBe("Temperature back in range");
    }
  });
});
