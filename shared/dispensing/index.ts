/** Dispensing's shared contract: the QR token, its refusal reasons and clock-skew allowance. */

export * from "./section.ts";
export * from "./token.ts";
