/** hub/auth: who may use the hub — sessions, local owners, cloud hub tokens, shell admin tokens, scrape tokens. */
export { ADMIN_TOKEN_TTL_S, mintAdminToken } from "./admin-token.ts";
export {
  type AuthDeps,
  endSession,
  type Principal,
  principalOfSession,
  principalOfToken,
  roleAllows,
  type SignedIn,
  setUpOwner,
  signInLocal,
  signInWithToken,
} from "./credentials.ts";
export { newPasswordSchema, usernameSchema } from "./local-accounts.ts";
export { forgetCloudSite } from "./members.ts";
export { hashPassword, SCRYPT_PARAMS, verifyPassword } from "./password-hash.ts";
export { isScrapeToken, issueScrapeToken } from "./scrape-token.ts";
export { membersSection, trustedKeysSection, trustedKeysSectionV1 } from "./sections.ts";
export { SESSION_COOKIE } from "./sessions.ts";
export { type AuthState, authState, issueSetupCode } from "./setup-code.ts";
export { replaceTechnicianCodes, signInWithCode, TECHNICIAN_SESSION_TTL_MS } from "./sign-in-code.ts";
export { addressScope, SIGN_IN_LIMITS, SignInThrottle } from "./throttle.ts";
export { type TrustedKeySet, trustedKeysFor, verifyTrustedJws } from "./trusted-keys.ts";
export { noteCloudTime, noteSignedCloudTime, trustedNow } from "./trusted-time.ts";

/** How the hub records the person behind an action (alarm acknowledged or closed): name and subject. */
export const recordedPerson = (p: { subject: string; name: string }) => `${p.name} (${p.subject})`;
