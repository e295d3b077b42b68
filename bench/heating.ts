/**
 * Thermostat decisions for 1,000 rooms in one tick: each room a different schedule state, reading and
 * carried state, as the hub's tick holds them; µs per room, as a ratio to a budget of 1 ms per room.
 */
import { defaultSchedule } from "../shared/heating/schedule.ts";
import { DEFAULT_SETTINGS, decide, initialState, type RoomState } from "../shared/heating/thermostat.ts";

export async function runHeatingBench(rooms = 1000, ticks = 200) {
  const zone = "Europe/Stockholm";
  const schedule = defaultSchedule();
  const settings = Array.from({ length: rooms }, (_, i) => ({
    ...DEFAULT_SETTINGS,
    schedule,
    mode: (["auto", "auto", "auto", "manual", "away"] as const)[i % 5]!,
  }));
  let states: RoomState[] = settings.map((_, i) => ({
    ...initialState(i % 2 === 0),
    warmRate: 2 + (i % 7) * 0.3,
  }));
  let now = Date.UTC(2026, 0, 12, 4, 0);
  const perTickUs: number[] = [];
  for (let t = 0; t < ticks; t++) {
    now += 60_000;
    const started = performance.now();
    states = states.map(
      (st, i) => decide(settings[i]!, st, zone, now, { c: 17 + ((i + t) % 60) / 10, at: now }).state,
    );
    perTickUs.push(((performance.now() - started) * 1000) / rooms);
  }
  perTickUs.sort((a, b) => a - b);
  const median = perTickUs[Math.floor(perTickUs.length / 2)]!;
  return { rooms, ticks, usPerRoom: median, ratioTo1ms: median / 1000 };
}
