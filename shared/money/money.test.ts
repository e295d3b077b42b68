import { describe, expect, it } from "vitest";
import { formatMoney, minorUnitDigits } from "./index.ts";

describe("money", () => {
  it("prints minor units with the currency's own decimals", () => {
    expect(formatMoney({ amount: 2900, currency: "eur" })).toBe("EUR 29.00");
    expect(formatMoney({ amount: 2900, currency: "eur" }, "symbol")).toBe("€29.00");
    expect(formatMoney({ amount: 500, currency: "jpy" })).toBe("JPY 500");
    expect(formatMoney({ amount: 1234, currency: "kwd" })).toBe("KWD 1.234");
    expect(minorUnitDigits("not a currency")).toBe(2);
  });
});
