/** A believable refrigerator: thermostat-driven compressor, heat leak, door openings and a failure mode. */
import type { Telemetry } from "../../shared/protocol/index.ts";

export interface FridgeParams {
  setTemperature: number;
  /** Thermostat dead band (°C) either side of the set point. */
  band: number;
  ambient: number;
  /** Time constant of heat leaking in with the door shut (s). */
  leakTau: number;
  /** Cooling rate with the compressor running (°C/s). */
  coolingRate: number;
  /** Chance per second that someone opens the door. */
  doorRate: number;
  compressorPowerW: number;
  /** Seconds between defrost cycles, and how long one lasts (the coil heater runs, the compressor rests). */
  defrostEveryS: number;
  defrostDurationS: number;
  /** Warming rate while the defrost heater runs (°C/s). */
  defrostHeatRate: number;
}

export const FRIDGE: FridgeParams = {
  setTemperature: 3.5,
  band: 1,
  ambient: 22,
  leakTau: 6 * 3600,
  coolingRate: 0.004,
  doorRate: 1 / 900,
  compressorPowerW: 120,
  defrostEveryS: 6 * 3600,
  defrostDurationS: 20 * 60,
  defrostHeatRate: 0.004,
};

export const FREEZER: FridgeParams = {
  setTemperature: -20,
  band: 1.5,
  ambient: 22,
  leakTau: 10 * 3600,
  coolingRate: 0.005,
  doorRate: 1 / 1800,
  compressorPowerW: 180,
  defrostEveryS: 8 * 3600,
  defrostDurationS: 30 * 60,
  defrostHeatRate: 0.006,
};

export class FridgeModel {
  temperature: number;
  compressorOn = false;
  doorOpen = false;
  /** When true the compressor runs but no longer cools (a refrigerant leak or a dead fan). */
  failed = false;
  /** The thermostat's set point; starts at the unit's default, a `set-setpoint` command moves it. */
  setTemperature: number;
  /** Seconds of defrost left: the coil heater runs and the compressor rests (scheduled, or by command). */
  defrostLeft = 0;
  /** No mains: nothing runs and the unit reports 0 W. */
  powerLost = false;
  /** The probe has dropped out: the unit sends nothing while true. */
  sensorDropped = false;
  private sinceDefrost = 0;
  private doorLeft = 0;
  private readonly p: FridgeParams;
  private readonly random: () => number;

  constructor(params: FridgeParams, random: () => number = Math.random) {
    this.p = params;
    this.random = random;
    this.temperature = params.setTemperature;
    this.setTemperature = params.setTemperature;
  }

  /** Advances the model by `dt` seconds (small steps keep the integration honest). */
  step(dt: number): void {
    for (let left = dt; left > 0; left -= 1) {
      const h = Math.min(1, left);
      this.door(h);
      this.defrostSchedule(h);
      const leakTau = this.doorOpen ? this.p.leakTau / 40 : this.p.leakTau;
      let dT = ((this.p.ambient - this.temperature) / leakTau) * h;
      if (this.compressorOn && !this.failed) dT -= this.p.coolingRate * h;
      if (this.defrostLeft > 0) dT += this.p.defrostHeatRate * h;
      this.temperature += dT;
      if (this.defrostLeft > 0) {
        this.defrostLeft = Math.max(0, this.defrostLeft - h);
        this.compressorOn = false;
      } else if (this.powerLost) this.compressorOn = false;
      else if (this.temperature > this.setTemperature + this.p.band) this.compressorOn = true;
      else if (this.temperature < this.setTemperature - this.p.band) this.compressorOn = false;
    }
  }

  reading(ts: number): Telemetry {
    return {
      ts,
      temperature: Math.round(this.temperature * 100) / 100,
      doorOpen: this.doorOpen,
      defrost: this.defrostLeft > 0,
      compressorOn: this.compressorOn,
      powerW: this.powerLost
        ? 0
        : this.compressorOn
          ? this.p.compressorPowerW
          : this.defrostLeft > 0
            ? 300
            : 2,
    };
  }

  private defrostSchedule(h: number): void {
    if (this.powerLost || this.defrostLeft > 0) return;
    this.sinceDefrost += h;
    if (this.sinceDefrost >= this.p.defrostEveryS) {
      this.sinceDefrost = 0;
      this.defrostLeft = this.p.defrostDurationS;
    }
  }

  private door(h: number): void {
    if (this.doorOpen) {
      this.doorLeft -= h;
      if (this.doorLeft <= 0) this.doorOpen = false;
    } else if (this.random() < this.p.doorRate * h) {
      this.doorOpen = true;
      this.doorLeft = 10 + this.random() * 50;
    }
  }
}
