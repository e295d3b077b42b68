/** The Worker's bindings and its configuration, validated once per isolate (never per request). */
import type { JWK } from "jose";
import { z } from "zod";
import type { DeadLetter } from "./queue/dead-letters.ts";
import type { SiteLedger } from "./site-ledger/index.ts";

export interface Env {
  ACCOUNTS_DB: D1Database;
  SITES_DB: D1Database;
  NOTIFICATIONS_DB: D1Database;
  EVENTS_QUEUE: Queue;
  EVENTS_DLQ: Queue<DeadLetter>;
  SITE_LEDGER: DurableObjectNamespace<SiteLedger>;
  ENVIRONMENT?: string;
  CORS_ORIGINS?: string;
  /** Secret: the private EC P-256 JWK (JSON) that signs access tokens. */
  ACCOUNTS_SIGNING_JWK?: string;
}

const privateJwkSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as JWK;
    } catch {
      ctx.addIssue({ code: "custom", message: "ACCOUNTS_SIGNING_JWK is not JSON" });
      return z.NEVER;
    }
  })
  .pipe(
    z.looseObject({
      kty: z.literal("EC"),
      crv: z.literal("P-256"),
      d: z.string(),
      x: z.string(),
      y: z.string(),
    }),
  );

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
    ACCOUNTS_SIGNING_JWK: privateJwkSchema.optional(),
  })
  .refine((c) => c.ENVIRONMENT !== "production" || c.ACCOUNTS_SIGNING_JWK, {
    message: "production requires the ACCOUNTS_SIGNING_JWK secret",
  })
  .refine((c) => c.ENVIRONMENT !== "production" || !c.CORS_ORIGINS.includes("*"), {
    message: "production requires explicit CORS_ORIGINS",
  });

export interface Config {
  environment: "development" | "test" | "production";
  corsOrigins: string[];
  signingJwk?: JWK;
}

/** Reads and validates the Worker's variables and secrets; a bad configuration fails loudly at start. */
export function readConfig(env: Env): Config {
  const parsed = configSchema.safeParse({
    ENVIRONMENT: env.ENVIRONMENT,
    CORS_ORIGINS: env.CORS_ORIGINS,
    ACCOUNTS_SIGNING_JWK: env.ACCOUNTS_SIGNING_JWK || undefined,
  });
  if (!parsed.success) throw new Error(`invalid configuration: ${z.prettifyError(parsed.error)}`);
  const c = parsed.data;
  return {
    environment: c.ENVIRONMENT,
    corsOrigins: c.CORS_ORIGINS,
    ...(c.ACCOUNTS_SIGNING_JWK ? { signingJwk: c.ACCOUNTS_SIGNING_JWK as JWK } : {}),
  };
}
