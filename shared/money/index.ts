/** Money: integer minor units with an ISO 4217 currency, and the one way it is printed. */

/** Always integer minor units (cents) with the currency lower-case, as Stripe writes it. */
export interface Money {
  amount: number;
  currency: string;
}

/** How many minor units a currency's main unit has, as a power of ten (Intl knows: EUR 2, JPY 0). */
export function minorUnitDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase() }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/**
 * Money as people read it: `code` (the apps, messages: "EUR 29.00", unambiguous beside other currencies) or
 * `symbol` (a printed invoice: "€29.00"). Each currency keeps its own decimals (JPY has none).
 */
export function formatMoney({ amount, currency }: Money, style: "code" | "symbol" = "code"): string {
  const code = currency.toUpperCase();
  const digits = minorUnitDigits(code);
  const main = amount / 10 ** digits;
  if (style === "symbol")
    return new Intl.NumberFormat("en", { style: "currency", currency: code }).format(main);
  return `${code} ${main.toFixed(digits)}`;
}
