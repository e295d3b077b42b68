/** Which time a reading stands for: the device's own when plausible, else the hub's receive time. */

/** How far ahead of the hub a device clock may run before its timestamps are distrusted. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

/**
 * A device timestamp before the device was paired or far in the future is implausible (an
 * unset RTC reads 1970; a drifting one runs ahead); the hub's receive time replaces it, flagged.
 */
export function plausibleTime(
  deviceTs: number | undefined,
  receivedAt: number,
  pairedAt: number,
): { ts: number; flagged: boolean } {
  if (deviceTs === undefined) return { ts: receivedAt, flagged: false };
  if (deviceTs < pairedAt || deviceTs > receivedAt + MAX_FUTURE_SKEW_MS)
    return { ts: receivedAt, flagged: true };
  return { ts: deviceTs, flagged: false };
}

/** Epoch milliseconds as the ISO 8601 instant events carry. */
export { iso } from "../../shared/clock/index.ts";
