/** Compressor evidence on a real SQLite hub database: a ten-day climb is reported once, a healthy unit never. */
import { afterEach, describe, expect, it } from "vitest";
import { type Bench, startBench } from "../monitoring/testing.ts";
import { checkCompressors, dailyFigures } from "./compressor.ts";

const DAY = 24 * 3600_000;
const START = Date.UTC(2026, 4, 20);
let b: Bench | undefined;
afterEach(() => {
  b?.destroy();
  b = undefined;
});

/**
 * Ten days of readings every 5 minutes: on day i the compressor runs `duty(i)` of each hour, and a door
 * opening at noon takes `recovery(i)` minutes to come back to 4 °C.
 */
async function tenDays(bench: Bench, duty: (day: number) => number, recovery: (day: number) => number) {
  const rows: string[] = [];
  for (let day = 0; day < 10; day++) {
    for (let slot = 0; slot < 288; slot++) {
      const ts = START + day * DAY + slot * 5 * 60_000;
      const on = slot % 12 < Math.round(duty(day) * 12) ? 1 : 0;
      const sinceNoon = (slot - 144) * 5;
      const door = slot === 144 ? 1 : 0;
      // The door closes at 12:05; the reading `recovery` minutes later is back at 4 °C.
      const warm = sinceNoon > 0 && sinceNoon < 5 + recovery(day);
      rows.push(
        `('${bench.equipmentId}', '${bench.deviceId}', ${ts}, ${ts}, ${warm ? 7 : 4}, ${door}, ${on})`,
      );
    }
  }
  await bench.storage.client.execute(
    `insert into readings (equipment_id, device_id, received_at, ts, temperature, door_open, compressor_on) values ${rows.join(",")}`,
  );
}

const deps = (bench: Bench) => ({
  db: bench.storage.db,
  clock: bench.clock,
  source: () => ({ siteId: "local", hubId: "hub-test", module: "service" }),
});

describe("compressor evidence", () => {
  it("reports a duty cycle climbing over ten days once, citing each day's figures", async () => {
    b = await startBench();
    // 4/12 → 9/12 of each hour over ten days; recovery 10 → 30 minutes.
    await tenDays(
      b,
      (d) => (4 + Math.floor(d / 2)) / 12,
      (d) => 10 + 5 * Math.floor(d / 2),
    );
    b.clock.set(START + 10 * DAY + 3600_000);
    expect(await checkCompressors(deps(b))).toBe(1);
    expect(await checkCompressors(deps(b))).toBe(0);
    const [row] = await b.rows("select envelope from outbox where type = 'equipment.compressor.degrading'");
    const event = JSON.parse(String(row!.envelope)) as {
      data: { days: { day: string; dutyCycle: number; recoveryMinutes: number }[]; dutyCycleSlope: number };
    };
    expect(event.data.days).toHaveLength(10);
    expect(event.data.days[0]).toEqual({ day: "2026-05-20", dutyCycle: 0.333, recoveryMinutes: 10 });
    expect(event.data.days[9]).toEqual({ day: "2026-05-29", dutyCycle: 0.667, recoveryMinutes: 30 });
    expect(event.data.dutyCycleSlope).toBeGreaterThan(0.03);
  });

  it("reports nothing for a healthy unit", async () => {
    b = await startBench();
    await tenDays(
      b,
      (d) => (d % 2 ? 5 : 4) / 12,
      () => 10,
    );
    b.clock.set(START + 10 * DAY + 3600_000);
    expect(await checkCompressors(deps(b))).toBe(0);
    expect(await b.rows("select 1 from outbox where type = 'equipment.compressor.degrading'")).toEqual([]);
  });
});

describe("compressor days", () => {
  it("are the site's local days, not UTC dates", () => {
    // A whole Stockholm day (UTC+2 in May), every 5 minutes, the compressor running its first twelve hours.
    const from = Date.UTC(2026, 4, 19, 22);
    const rows = Array.from({ length: 288 }, (_, i) => ({
      ts: from + i * 5 * 60_000,
      temperature: 4,
      doorOpen: false,
      compressorOn: i < 144,
    }));
    expect(dailyFigures(rows, "Europe/Stockholm")).toEqual([
      { day: "2026-05-20", dutyCycle: 0.5, recoveryMinutes: null },
    ]);
    // Read as UTC dates the night's first two hours went to the 19th (too short to count), and the day's figure is off.
    expect(dailyFigures(rows)).toEqual([{ day: "2026-05-20", dutyCycle: 120 / 264, recoveryMinutes: null }]);
  });
});
