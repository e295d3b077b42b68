/** Dispensing's shared contract: the QR token, its refusal reasons and clock-skew allowance. */
export * from "./token.ts";
export * from "./section.ts";
