/** The first alarm rule: a reading outside the optimal range raises, back inside clears. */

export type AlarmKind = "HIGH_TEMPERATURE" | "LOW_TEMPERATURE";

export interface RangeLimits {
  optimalMin: number;
  optimalMax: number;
}

export interface OpenAlarm {
  id: string;
  kind: AlarmKind;
  limit: number;
  peak: number;
}

export type RangeDecision =
  | { action: "raise"; kind: AlarmKind; limit: number }
  | { action: "clear" }
  | { action: "peak"; peak: number };

/** Decides what one reading does to the equipment's open alarm (at most one is open at a time). */
export function evaluateRange(limits: RangeLimits, open: OpenAlarm | null, t: number): RangeDecision[] {
  const out: RangeDecision[] = [];
  if (open) {
    const stillOut = open.kind === "HIGH_TEMPERATURE" ? t > limits.optimalMax : t < limits.optimalMin;
    if (stillOut) {
      const worse = open.kind === "HIGH_TEMPERATURE" ? t > open.peak : t < open.peak;
      if (worse) out.push({ action: "peak", peak: t });
      return out;
    }
    out.push({ action: "clear" });
  }
  // A jump straight from one side to the other clears one alarm and raises the other.
  if (t > limits.optimalMax)
    out.push({ action: "raise", kind: "HIGH_TEMPERATURE", limit: limits.optimalMax });
  else if (t < limits.optimalMin)
    out.push({ action: "raise", kind: "LOW_TEMPERATURE", limit: limits.optimalMin });
  return out;
}
