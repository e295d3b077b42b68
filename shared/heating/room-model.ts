/** A room's thermal model for simulators and tests: heat in from the heater, loss to outside, more loss with the window open. */

export interface RoomModelOptions {
  /** °C per hour the heater adds at full power. */
  heatPerHour: number;
  /** Fraction of the inside–outside difference lost per hour (window shut). */
  lossPerHour: number;
  /** Loss per hour with the window open. */
  openLossPerHour: number;
  outsideC: number;
  startC: number;
}

export const DEFAULT_ROOM: RoomModelOptions = {
  heatPerHour: 5,
  lossPerHour: 0.08,
  openLossPerHour: 1.5,
  outsideC: 2,
  startC: 18,
};

const HOUR = 3_600_000;

export class RoomModel {
  c: number;
  windowOpen = false;
  readonly o: RoomModelOptions;
  constructor(o: RoomModelOptions = DEFAULT_ROOM) {
    this.o = o;
    this.c = o.startC;
  }

  /**
   * Advances `ms` with the heater at `power` (0–1), exactly (the first-order solution), so a step of
   * an hour is as right as sixty steps of a minute.
   */
  step(ms: number, power: number): number {
    const k = this.windowOpen ? this.o.openLossPerHour : this.o.lossPerHour;
    const equilibrium = this.o.outsideC + (power * this.o.heatPerHour) / k;
    this.c = equilibrium + (this.c - equilibrium) * Math.exp((-k * ms) / HOUR);
    return this.c;
  }
}
