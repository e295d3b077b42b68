/** Rate limits at the gateway: sign-in and friends per IP and per account, the API per token subject. */
import type { MiddlewareHandler } from "hono";
import type { CredentialLimiter } from "../../cloud/accounts/index.ts";
import { type AppEnv, clientAddress } from "../../cloud/http/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import type { RateLimiter } from "./rate-limiter-object.ts";
import type { RateDecision, RateRule } from "./sliding-window.ts";

/** Where counters live; the Durable Object namespace in the Worker. */
export interface RateLimits {
  hit(key: string, rule: RateRule): Promise<RateDecision>;
}

export function durableRateLimits(ns: DurableObjectNamespace<RateLimiter>, clock: Clock): RateLimits {
  return {
    hit: (key, rule) => ns.get(ns.idFromName(key)).hit(rule, clock.now()),
  };
}

export interface RateLimitConfig {
  /** Credential checks per client IP, and separately sign-up and password reset per client IP. */
  authPerIp: RateRule;
  /** Every credential check per account, whatever the IP: what stops a distributed guess at one password. */
  signInPerAccount: RateRule;
  /** Reset emails per address, so nobody can flood a mailbox. */
  resetPerAccount: RateRule;
  /** Authenticated API calls per token subject (every token of one account shares the budget). */
  apiPerToken: RateRule;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  authPerIp: { limit: 30, windowMs: 10 * 60_000 },
  signInPerAccount: { limit: 10, windowMs: 15 * 60_000 },
  resetPerAccount: { limit: 3, windowMs: 60 * 60_000 },
  apiPerToken: { limit: 600, windowMs: 60_000 },
};

/** The address every request shares where the runtime cannot vouch for the client's: one bucket, never a bypass. */
export const UNVERIFIED_ADDRESS = "unverified";

/**
 * The client's address from `cf-connecting-ip`, where something trusted wrote it: Cloudflare's edge
 * overwrites any client-sent value, and the Deno entry sets it from the socket. Under `wrangler dev`
 * miniflare keeps a client-sent value (it adds its own only when absent), so there `trusted` is false and
 * every request shares one bucket: a forged header must not buy fresh rate-limit budgets.
 */
export function clientIp(c: { req: { header(name: string): string | undefined } }, trusted = true): string {
  if (!trusted) return UNVERIFIED_ADDRESS;
  return c.req.header("cf-connecting-ip") ?? "unknown";
}

/** Refuses with 429 RATE_LIMITED (and Retry-After) once any of `checks` is exhausted; checks run in order. */
export async function enforce(
  limits: RateLimits,
  checks: { key: string; rule: RateRule }[],
  setHeader: (name: string, value: string) => void,
): Promise<void> {
  for (const { key, rule } of checks) {
    const decision = await limits.hit(key, rule);
    if (!decision.allowed) {
      setHeader("retry-after", String(decision.retryAfterS));
      throw new AppError("RATE_LIMITED", "too many requests; try again later", {
        retryAfterSeconds: decision.retryAfterS,
      });
    }
  }
}

/**
 * The accounts module's credential budget (sign-in, 2FA step, password change, 2FA disable): per account
 * and per address, counted before the secret is checked, so a flood costs the attacker, not our CPU.
 */
export function credentialLimiter(limits: RateLimits, config: RateLimitConfig): CredentialLimiter {
  return {
    attempt: ({ account, address }) =>
      enforce(
        limits,
        [
          { key: `credential-ip:${address}`, rule: config.authPerIp },
          { key: `credential-account:${account}`, rule: config.signInPerAccount },
        ],
        () => {},
      ),
  };
}

/**
 * Endpoints that create accounts or send email (sign-up, password reset): counted per IP, and reset mails
 * per address, so nobody can flood a mailbox.
 */
export function emailLimits(limits: RateLimits, config: RateLimitConfig): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const checks = [{ key: `auth-ip:${clientAddress(c)}`, rule: config.authPerIp }];
    const path = c.req.path;
    const email = await bodyEmail(c.req.raw.clone());
    if (email && path.endsWith("/password-reset"))
      checks.push({ key: `reset:${email}`, rule: config.resetPerAccount });
    await enforce(limits, checks, (n, v) => c.header(n, v));
    await next();
  };
}

/** Authenticated API calls, counted per token subject once the token has been verified. */
export function apiLimits(limits: RateLimits, config: RateLimitConfig): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get("user");
    if (user)
      await enforce(limits, [{ key: `api:${user.id}`, rule: config.apiPerToken }], (n, v) => c.header(n, v));
    await next();
  };
}

async function bodyEmail(req: Request): Promise<string | undefined> {
  try {
    const body = (await req.json()) as { email?: unknown };
    return typeof body.email === "string" ? body.email.trim().toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
