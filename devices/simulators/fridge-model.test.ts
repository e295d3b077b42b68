import { describe, expect, it } from "vitest";
import { FREEZER, FRIDGE, FridgeModel } from "./fridge-model.ts";

/** Deterministic random numbers so the model's behaviour is repeatable. */
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32;
    return s / 2 ** 32;
  };
}

describe("FridgeModel", () => {
  it("holds a working fridge inside its thermostat band over a day, cycling the compressor", () => {
    const m = new FridgeModel({ ...FRIDGE, doorRate: 0, defrostEveryS: 1e9 }, lcg(1));
    let min = Infinity;
    let max = -Infinity;
    let switches = 0;
    let last = m.compressorOn;
    for (let s = 0; s < 24 * 3600; s += 10) {
      m.step(10);
      min = Math.min(min, m.temperature);
      max = Math.max(max, m.temperature);
      if (m.compressorOn !== last) switches++;
      last = m.compressorOn;
    }
    expect(min).toBeGreaterThan(FRIDGE.setTemperature - FRIDGE.band - 0.2);
    expect(max).toBeLessThan(FRIDGE.setTemperature + FRIDGE.band + 0.2);
    expect(switches).toBeGreaterThan(10);
  });

  it("warms past 5 °C within hours after the compressor fails", () => {
    const m = new FridgeModel(FRIDGE, lcg(2));
    m.step(3600);
    m.failed = true;
    let hours = 0;
    while (m.temperature <= 5 && hours < 12) {
      m.step(3600);
      hours++;
    }
    expect(m.temperature).toBeGreaterThan(5);
    expect(hours).toBeLessThan(6);
  });

  it("keeps a freezer near -20 °C", () => {
    const m = new FridgeModel(FREEZER, lcg(3));
    m.step(12 * 3600);
    expect(Math.abs(m.temperature - FREEZER.setTemperature)).toBeLessThan(FREEZER.band + 0.5);
  });

  it("defrosts on schedule: the compressor rests, the cabinet warms, then pulls back down", () => {
    const m = new FridgeModel({ ...FRIDGE, doorRate: 0 }, lcg(4));
    let peak = -Infinity;
    let defrostSeconds = 0;
    for (let s = 0; s < 7 * 3600; s += 10) {
      m.step(10);
      if (m.defrostLeft > 0) {
        defrostSeconds += 10;
        peak = Math.max(peak, m.temperature);
        expect(m.compressorOn).toBe(false);
        expect(m.reading(0).defrost).toBe(true);
      }
    }
    expect(defrostSeconds).toBeGreaterThanOrEqual(FRIDGE.defrostDurationS - 10);
    expect(peak).toBeGreaterThan(FRIDGE.setTemperature + FRIDGE.band + 1);
    expect(m.temperature).toBeLessThan(FRIDGE.setTemperature + FRIDGE.band + 0.5);
  });

  it("reports 0 W without mains, and stops cooling", () => {
    const m = new FridgeModel(FRIDGE, lcg(5));
    m.powerLost = true;
    m.step(3 * 3600);
    expect(m.reading(0)).toMatchObject({ powerW: 0, compressorOn: false });
    expect(m.temperature).toBeGreaterThan(5);
  });
});
