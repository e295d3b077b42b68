/** Lists in a section that would only grow (revoked QR ids, removed members) are bounded by each entry's expiry. */

/**
 * The entries still worth sending at `now`: an entry whose `expiresAt` (ms) has passed can no longer matter
 * to a hub (whatever it guarded against has expired by itself), so a producer drops it.
 */
export function unexpired<T>(entries: readonly T[], now: number, expiresAt: (entry: T) => number): T[] {
  return entries.filter((entry) => expiresAt(entry) > now);
}
