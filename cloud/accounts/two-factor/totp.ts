/** HOTP (RFC 4226) and TOTP (RFC 6238) through the `otpauth` library, with the parameters authenticator apps expect. */
import { HOTP, Secret, TOTP } from "otpauth";
import { renderSVG } from "uqr";

export type OtpAlgorithm = "SHA1" | "SHA256" | "SHA512";

// RFC 6238 §4: T0 = 0, X = 30 s; six digits and SHA-1 are what every authenticator app supports.
export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ALGORITHM: OtpAlgorithm = "SHA1";
// RFC 4226 §4 R6: the shared secret should be 160 bits.
const SECRET_BYTES = 20;
// RFC 6238 §5.2: accept one step either side for clock drift and typing time, no more.
const DRIFT_STEPS = 1;

export interface OtpOptions {
  algorithm?: OtpAlgorithm;
  digits?: number;
}

/** A fresh random shared secret, base32 (RFC 4648 §6) as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** RFC 4226 §5.3: the HOTP value for `counter`. `secret` is raw key bytes. */
export function hotp(secret: Uint8Array, counter: number, options: OtpOptions = {}): string {
  return HOTP.generate({ secret: fromBytes(secret), counter, ...otpParams(options) });
}

/** RFC 6238 §4.2: HOTP with T = floor((unixSeconds - T0) / X). `secret` is raw key bytes. */
export function totp(secret: Uint8Array, atMs: number, options: OtpOptions = {}): string {
  return TOTP.generate({
    secret: fromBytes(secret),
    timestamp: atMs,
    period: TOTP_PERIOD_S,
    ...otpParams(options),
  });
}

/** The time step a six-digit code was valid for (within the drift window), or null. */
export function matchTotp(secretBase32: string, code: string, atMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secretBase32),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_S,
    timestamp: atMs,
    window: DRIFT_STEPS,
  });
  return delta === null ? null : timeStep(atMs) + delta;
}

export function timeStep(atMs: number): number {
  return Math.floor(atMs / 1000 / TOTP_PERIOD_S);
}

/** The Key URI Format authenticator apps scan: otpauth://totp/Issuer:account?secret=…&issuer=… */
export function otpauthUri(input: { secretBase32: string; account: string; issuer: string }): string {
  return new TOTP({
    issuer: input.issuer,
    label: input.account,
    secret: Secret.fromBase32(input.secretBase32),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_S,
  }).toString();
}

/** The URI as a QR code, rendered to SVG on the server so the secret never reaches a third-party renderer. */
export function qrSvg(uri: string): string {
  return renderSVG(uri, { ecc: "M", border: 2 });
}

function otpParams(options: OtpOptions) {
  return { algorithm: options.algorithm ?? TOTP_ALGORITHM, digits: options.digits ?? TOTP_DIGITS };
}

function fromBytes(bytes: Uint8Array): Secret {
  return new Secret({ buffer: bytes.slice().buffer });
}
