/**
 * Prices and VAT, in integer minor units. The rounding rules, stated once:
 * - Hour tariffs bill every started hour: quantity = ⌈duration ÷ 1 h⌉ (1 h 01 min is 2 hours).
 * - Day tariffs bill every started 24 hours: quantity = ⌈duration ÷ 24 h⌉ (25 h is 2 days).
 * - Event tariffs bill 1, whatever the duration.
 * - total = rate × quantity (exact); VAT = amount × rate, rounded half up to a whole minor unit, once per
 *   invoice on the sum of its lines (never per line, so lines never add rounding errors).
 */
import { AppError } from "../../shared/errors/index.ts";

export type TariffUnit = "Hour" | "Day" | "Event";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function billedQuantity(unit: TariffUnit, start: number, end: number): number {
  const duration = end - start;
  if (!(duration > 0)) throw new AppError("VALIDATION_ERROR", "a booking must end after it starts");
  if (unit === "Hour") return Math.ceil(duration / HOUR);
  if (unit === "Day") return Math.ceil(duration / DAY);
  return 1;
}

export function bookingTotal(rate: number, unit: TariffUnit, start: number, end: number) {
  const quantity = billedQuantity(unit, start, end);
  return { quantity, total: rate * quantity };
}

/** VAT rates in basis points by ISO country (standard rates). Sweden's 25 % is the default country. */
export const VAT_RATES: Record<string, number> = {
  SE: 2500,
  NO: 2500,
  DK: 2500,
  FI: 2550,
  DE: 1900,
  NL: 2100,
  FR: 2000,
  GB: 2000,
};

export function vatRateOf(country: string): number {
  const rate = VAT_RATES[country];
  if (rate === undefined) throw new AppError("VALIDATION_ERROR", `no VAT rate known for ${country}`);
  return rate;
}

/** VAT of `amount` at `rateBp` basis points, rounded half up (amounts are non-negative). */
export function vatOf(amount: number, rateBp: number): number {
  return Math.floor((amount * rateBp + 5_000) / 10_000);
}
