/** The cloud's configuration (variables and secrets), validated once per isolate and handed to every module. */
import type { JWK } from "jose";
import { z } from "zod";

const privateEcJwk = z.looseObject({
  kty: z.literal("EC"),
  crv: z.literal("P-256"),
  d: z.string(),
  x: z.string(),
  y: z.string(),
});

const privateJwkSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "the private JWK is not JSON" });
      return z.NEVER;
    }
  })
  .pipe(
    z.union([
      z.object({ keys: z.array(privateEcJwk).min(1) }).transform((set) => set.keys),
      privateEcJwk.transform((jwk) => [jwk]),
    ]),
  );

const dataKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, "ACCOUNTS_DATA_KEY must be 32 bytes, base64url without padding");

const configSchema = z
  .object({
    ENVIRONMENT: z.enum(["development", "test", "production"]).default("development"),
    CORS_ORIGINS: z
      .string()
      .default("*")
      .transform((s) =>
        s
          .split(",")
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    // Unset in development means wrangler's own default address; scripts/cloud.ts passes the real one.
    APP_URL: z.url().optional(),
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
    ACCOUNTS_SIGNING_JWK: privateJwkSchema.optional(),
    ACCOUNTS_DATA_KEY: dataKeySchema.optional(),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_\w+$/, "STRIPE_SECRET_KEY must be a Stripe secret key")
      .optional(),
    STRIPE_WEBHOOK_SECRET: z.string().min(8).optional(),
    STRIPE_API_BASE: z.url().optional(),
    EMAIL_PROVIDER: z.enum(["capture", "workers", "resend"]).default("capture"),
    EMAIL_FROM: z.string().default("Outpost <no-reply@outpost.local>"),
    RESEND_API_KEY: z.string().min(1).optional(),
    VAPID_PRIVATE_JWK: privateJwkSchema.optional(),
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:|https:)/, "VAPID_SUBJECT must be a mailto: or https: URL")
      .optional(),
  })
  .refine((c) => c.ENVIRONMENT !== "production" || c.EMAIL_PROVIDER !== "capture", {
    message: "production requires EMAIL_PROVIDER workers or resend (capture sends nothing)",
  })
  .refine((c) => c.EMAIL_PROVIDER !== "resend" || c.RESEND_API_KEY, {
    message: "EMAIL_PROVIDER resend requires the RESEND_API_KEY secret",
  })
  .refine((c) => c.ENVIRONMENT !== "production" || c.ACCOUNTS_SIGNING_JWK, {
    message: "production requires the ACCOUNTS_SIGNING_JWK secret",
  })
  .refine((c) => c.ENVIRONMENT !== "production" || c.ACCOUNTS_DATA_KEY, {
    message: "production requires the ACCOUNTS_DATA_KEY secret",
  })
  .refine((c) => !c.STRIPE_SECRET_KEY || c.STRIPE_WEBHOOK_SECRET, {
    message: "STRIPE_SECRET_KEY requires STRIPE_WEBHOOK_SECRET (webhooks are always verified)",
  })
  .refine((c) => c.ENVIRONMENT !== "production" || !c.STRIPE_API_BASE, {
    message: "STRIPE_API_BASE (the Stripe emulator) is for development and tests only",
  })
  .refine((c) => c.ENVIRONMENT !== "production" || c.APP_URL, {
    message: "production requires APP_URL (mailed links and the Checkout return point there)",
  })
  .refine((c) => c.ENVIRONMENT !== "production" || !c.CORS_ORIGINS.includes("*"), {
    message: "production requires explicit CORS_ORIGINS",
  });

/** Where `wrangler dev` serves by default: APP_URL's fallback outside production. */
export const DEVELOPMENT_APP_URL = "http://localhost:8787";

export interface Config {
  environment: "development" | "test" | "production";
  corsOrigins: string[];
  appUrl: string;
  apiRateLimitPerMinute: number;
  /** Newest first: the first signs, all are published. */
  signingJwks?: JWK[];
  /** Unset outside production: a fixed development key is used (secret-box.ts). */
  dataKey?: string;
  /** Absent when no Stripe key is configured. */
  stripe?: { secretKey: string; webhookSecret: string; apiBase?: string };
  email: { provider: "capture" | "workers" | "resend"; from: string; resendApiKey?: string };
  /**
   * Web push (RFC 8292): the VAPID key from the secret, or outside production one generated and kept in
   * NOTIFICATIONS_DB; in production without the secret push is not offered.
   */
  vapid: { privateJwk?: JWK; subject: string; generate: boolean };
}

/** The variables and secrets configuration is read from (Worker bindings, or the process environment). */
export interface ConfigVars {
  ENVIRONMENT?: string;
  CORS_ORIGINS?: string;
  /** Where the web app lives; mailed links and the Checkout return point here. Required in production. */
  APP_URL?: string;
  /** Authenticated API requests allowed per token subject per minute. */
  API_RATE_LIMIT_PER_MINUTE?: string;
  /** Secret: the private EC P-256 JWK (JSON), or a JWK set newest first, that signs access tokens. */
  ACCOUNTS_SIGNING_JWK?: string;
  /** Secret: 32 random bytes (base64url) sealing TOTP secrets at rest. */
  ACCOUNTS_DATA_KEY?: string;
  /** Secret: Stripe secret key (`sk_…`). Unset: billing's Stripe routes are not mounted (plan limits still apply). */
  STRIPE_SECRET_KEY?: string;
  /** Secret: the webhook endpoint's signing secret (`whsec_…`); required with STRIPE_SECRET_KEY. */
  STRIPE_WEBHOOK_SECRET?: string;
  /** Development and tests only: the Stripe emulator's base URL (scripts/stripe-emulator); refused in production. */
  STRIPE_API_BASE?: string;
  /** `capture` (development and tests: the outbox only), `workers` (the EMAIL binding) or `resend`. */
  EMAIL_PROVIDER?: string;
  /** The sender address of every mail. */
  EMAIL_FROM?: string;
  /** Secret, with EMAIL_PROVIDER = resend. */
  RESEND_API_KEY?: string;
  /** Secret: the private EC P-256 JWK that signs web push (VAPID); unset outside production, one is generated. */
  VAPID_PRIVATE_JWK?: string;
  /** The VAPID contact (mailto: or https:); APP_URL when that is https. */
  VAPID_SUBJECT?: string;
}

/** Reads and validates the variables and secrets; a bad configuration fails loudly at start. */
export function readConfig(env: ConfigVars): Config {
  const parsed = configSchema.safeParse({
    ENVIRONMENT: env.ENVIRONMENT,
    CORS_ORIGINS: env.CORS_ORIGINS,
    APP_URL: env.APP_URL || undefined,
    API_RATE_LIMIT_PER_MINUTE: env.API_RATE_LIMIT_PER_MINUTE || undefined,
    ACCOUNTS_SIGNING_JWK: env.ACCOUNTS_SIGNING_JWK || undefined,
    ACCOUNTS_DATA_KEY: env.ACCOUNTS_DATA_KEY || undefined,
    STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY || undefined,
    STRIPE_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET || undefined,
    STRIPE_API_BASE: env.STRIPE_API_BASE || undefined,
    EMAIL_PROVIDER: env.EMAIL_PROVIDER || undefined,
    EMAIL_FROM: env.EMAIL_FROM || undefined,
    RESEND_API_KEY: env.RESEND_API_KEY || undefined,
    VAPID_PRIVATE_JWK: env.VAPID_PRIVATE_JWK || undefined,
    VAPID_SUBJECT: env.VAPID_SUBJECT || undefined,
  });
  if (!parsed.success) throw new Error(`invalid configuration: ${z.prettifyError(parsed.error)}`);
  const c = parsed.data;
  return {
    environment: c.ENVIRONMENT,
    corsOrigins: c.CORS_ORIGINS,
    appUrl: c.APP_URL ?? DEVELOPMENT_APP_URL,
    apiRateLimitPerMinute: c.API_RATE_LIMIT_PER_MINUTE,
    ...(c.ACCOUNTS_SIGNING_JWK ? { signingJwks: c.ACCOUNTS_SIGNING_JWK as JWK[] } : {}),
    ...(c.ACCOUNTS_DATA_KEY ? { dataKey: c.ACCOUNTS_DATA_KEY } : {}),
    ...(c.STRIPE_SECRET_KEY && c.STRIPE_WEBHOOK_SECRET
      ? {
          stripe: {
            secretKey: c.STRIPE_SECRET_KEY,
            webhookSecret: c.STRIPE_WEBHOOK_SECRET,
            ...(c.STRIPE_API_BASE ? { apiBase: c.STRIPE_API_BASE } : {}),
          },
        }
      : {}),
    email: {
      provider: c.EMAIL_PROVIDER,
      from: c.EMAIL_FROM,
      ...(c.RESEND_API_KEY ? { resendApiKey: c.RESEND_API_KEY } : {}),
    },
    vapid: {
      ...(c.VAPID_PRIVATE_JWK ? { privateJwk: c.VAPID_PRIVATE_JWK[0] as JWK } : {}),
      // RFC 8292 §2.1: a contact the push service's operator can reach.
      subject: c.VAPID_SUBJECT ?? (c.APP_URL?.startsWith("https:") ? c.APP_URL : "mailto:push@outpost.local"),
      generate: c.ENVIRONMENT !== "production",
    },
  };
}
