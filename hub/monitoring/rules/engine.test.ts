import { describe, expect, it } from "vitest";
import { defaultRules, type RuleConfig } from "./config.ts";
import { onReading, onTime, type ReadingFacts, type Transition } from "./engine.ts";
import { activeAlarms, cloneState, initialState, type RuleState } from "./state.ts";

const MIN = 60_000;
const T0 = Date.UTC(2026, 5, 1, 8);
const cfg: RuleConfig = defaultRules("FRIDGE", { optimalMin: 0, optimalMax: 5 }); // high delay 30 min, hysteresis 0.5

let ids = 0;
const newId = () => `alarm-${++ids}`;

/** Feeds readings one a minute (or at given offsets) and collects raise/clear transitions. */
function run(state: RuleState, facts: (Omit<ReadingFacts, "at"> & { min: number })[], c = cfg): Transition[] {
  return facts.flatMap(({ min, ...f }) => onReading(c, state, { at: T0 + min * MIN, ...f }, newId));
}
const raises = (ts: Transition[]) => ts.filter((t) => t.type === "raise").map((t) => t.kind);
const clears = (ts: Transition[]) => ts.filter((t) => t.type === "clear").map((t) => t.kind);
const minutes = (n: number, f: (m: number) => Omit<ReadingFacts, "at">) =>
  Array.from({ length: n }, (_, m) => ({ min: m, ...f(m) }));

describe("alarm engine", () => {
  it("raises nothing for a 10-minute excursion under a 30-minute delay", () => {
    const ts = run(
      initialState(),
      minutes(60, (m) => ({ temperature: m >= 5 && m < 15 ? 8 : 4 })),
    );
    expect(raises(ts)).toEqual([]);
  });

  it("raises once the excursion has lasted the delay", () => {
    const ts = run(
      initialState(),
      minutes(45, (m) => ({ temperature: m >= 5 ? 8 : 4 })),
    );
    const raised = ts.filter((t) => t.type === "raise");
    expect(raised).toEqual([
      expect.objectContaining({ kind: "HIGH_TEMPERATURE", at: T0 + 35 * MIN, limit: 5 }),
    ]);
  });

  it("raises one alarm, not many, for readings wandering ±0.2 °C around the limit", () => {
    const ts = run(
      initialState(),
      minutes(180, (m) => ({ temperature: 5 + (m % 2 === 0 ? 0.2 : -0.2) })),
    );
    expect(raises(ts)).toEqual(["HIGH_TEMPERATURE"]);
    expect(clears(ts)).toEqual([]);
  });

  it("clears only past the hysteresis band, and tracks the peak", () => {
    const s = initialState();
    const ts = run(s, [
      ...minutes(31, () => ({ temperature: 7 })),
      { min: 31, temperature: 9 },
      { min: 32, temperature: 4.8 },
      { min: 33, temperature: 4.4 },
    ]);
    expect(
      ts.filter((t) => t.type !== "raise").map((t) => [t.type, t.type === "clear" ? t.peak : t.value]),
    ).toEqual([
      ["peak", 9],
      ["clear", 9],
    ]);
    expect(ts.at(-1)).toMatchObject({ type: "clear", at: T0 + 33 * MIN });
  });

  it("masks a normal defrost and its recovery, but not a fault that outlasts them", () => {
    // Defrost 20 min at up to 9 °C, then 15 min recovering: no alarm.
    const normal = run(
      initialState(),
      minutes(90, (m) => ({ defrost: m >= 10 && m < 30, temperature: m >= 10 && m < 45 ? 9 : 4 })),
    );
    expect(raises(normal)).toEqual([]);
    // Same defrost, but the cabinet never recovers: raised 30 min after the recovery window ends.
    const fault = run(
      initialState(),
      minutes(120, (m) => ({ defrost: m >= 10 && m < 30, temperature: m >= 10 ? 9 : 4 })),
    );
    expect(fault.filter((t) => t.type === "raise")).toEqual([
      expect.objectContaining({ kind: "HIGH_TEMPERATURE", at: T0 + (30 + 20 + 30) * MIN }),
    ]);
  });

  it("never lets a busy door silence a real excursion", () => {
    // The door opens for 30 s every 3 minutes while the cabinet sits at 9 °C.
    const ts = run(
      initialState(),
      Array.from({ length: 120 }, (_, i) => {
        const min = i * 0.5;
        return { min, doorOpen: min % 3 === 0, temperature: 9 };
      }),
    );
    const raised = ts.filter((t) => t.type === "raise");
    expect(raised).toEqual([expect.objectContaining({ kind: "HIGH_TEMPERATURE" })]);
    expect((raised[0] as { at: number }).at).toBeLessThanOrEqual(T0 + 35 * MIN);
  });

  it("raises DOOR_OPEN for a door left open and clears it when it closes", () => {
    const s = initialState();
    const ts = run(
      s,
      minutes(12, (m) => ({ doorOpen: m >= 2 && m < 10, temperature: 4 })),
    );
    expect(
      ts.filter((t) => t.type !== "peak").map((t) => [t.type, t.kind, (t as { at: number }).at]),
    ).toEqual([
      ["raise", "DOOR_OPEN", T0 + 7 * MIN],
      ["clear", "DOOR_OPEN", T0 + 10 * MIN],
    ]);
  });

  it("raises DOOR_OPEN from the clock alone when the device goes quiet with the door open", () => {
    const s = initialState();
    run(s, [{ min: 0, doorOpen: true, temperature: 4 }]);
    expect(onTime(cfg, s, T0 + 4 * MIN, newId)).toEqual([]);
    expect(raises(onTime(cfg, s, T0 + 5 * MIN, newId))).toEqual(["DOOR_OPEN"]);
  });

  it("raises SENSOR_STALE when readings stop, once, and clears it on the next reading", () => {
    const s = initialState();
    run(s, [{ min: 0, temperature: 4 }]);
    expect(onTime(cfg, s, T0 + 14 * MIN, newId)).toEqual([]);
    expect(raises(onTime(cfg, s, T0 + 15 * MIN, newId))).toEqual(["SENSOR_STALE"]);
    expect(onTime(cfg, s, T0 + 30 * MIN, newId)).toEqual([]);
    expect(clears(run(s, [{ min: 31, temperature: 4 }]))).toEqual(["SENSOR_STALE"]);
  });

  it("raises POWER_LOSS after its delay with powerW = 0 and clears when power returns", () => {
    const s = initialState();
    const ts = run(
      s,
      minutes(8, (m) => ({ powerW: m >= 1 && m < 7 ? 0 : 90, temperature: 4 })),
    );
    expect(ts.map((t) => [t.type, t.kind, (t as { at: number }).at])).toEqual([
      ["raise", "POWER_LOSS", T0 + 6 * MIN],
      ["clear", "POWER_LOSS", T0 + 7 * MIN],
    ]);
  });

  it("raises LOW_TEMPERATURE symmetrically, unmasked by defrost", () => {
    const ts = run(
      initialState(),
      minutes(40, () => ({ temperature: -1, defrost: true })),
    );
    expect(raises(ts)).toEqual(["LOW_TEMPERATURE"]);
  });
});

describe("rule state copies", () => {
  it("copy every field and share nothing with the original, whatever the state", () => {
    // Every field set to something other than its initial value, so a field the copy forgets shows.
    const s = initialState();
    let n = 1;
    for (const key of Object.keys(s) as (keyof RuleState)[])
      if (key !== "conditions") (s[key] as number) = n++;
    for (const c of Object.values(s.conditions))
      Object.assign(c, { pendingSince: n++, alarmId: `a${n}`, peak: n++ });
    const copy = cloneState(s);
    expect(copy).toEqual(structuredClone(s));
    expect(activeAlarms(copy)).toBe(Object.keys(s.conditions).length);
    copy.conditions.HIGH_TEMPERATURE.alarmId = null;
    copy.lastReadingAt = 0;
    expect(s.conditions.HIGH_TEMPERATURE.alarmId).not.toBeNull();
    expect(s.lastReadingAt).not.toBe(0);
  });

  it("give a kind missing from a state saved by an older hub a fresh condition", () => {
    const old = initialState() as unknown as { conditions: Record<string, unknown> };
    delete old.conditions.POWER_LOSS;
    const copy = cloneState(old as unknown as RuleState);
    expect(copy.conditions.POWER_LOSS).toEqual({ pendingSince: null, alarmId: null, peak: null });
  });
});
