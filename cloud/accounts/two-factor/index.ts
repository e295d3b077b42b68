/** TOTP two-factor authentication (RFC 6238) with recovery codes. */
export { twoFactorHttp } from "./http.ts";
export { createSecretBox, type SecretBox } from "./secret-box.ts";
export { hotp, matchTotp, otpauthUri, qrSvg, totp } from "./totp.ts";
export {
  beginTotpSetup,
  checkSecondFactor,
  disableTotp,
  enableTotp,
  type TwoFactorDeps,
} from "./two-factor.ts";
