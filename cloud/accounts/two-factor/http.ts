/** 2FA routes for the signed-in user: setup (otpauth URI + SVG QR), enable with recovery codes, disable, status. */
import { Hono } from "hono";
import { z } from "zod";
import {
  type AppEnv,
  clientAddress,
  currentUser,
  doc,
  type RequireUser,
  readJson,
} from "../../http/index.ts";
import {
  beginTotpSetup,
  disableTotp,
  enableTotp,
  secondFactorSchema,
  type TwoFactorDeps,
  twoFactorStatus,
} from "./two-factor.ts";

const tag = "two-factor";
const enableSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});
const disableSchema = z.intersection(z.object({ password: z.string().min(1).max(256) }), secondFactorSchema);

export function twoFactorHttp(deps: TwoFactorDeps & { requireUser: RequireUser }) {
  return new Hono<AppEnv>()
    .use("/v1/accounts/two-factor", deps.requireUser)
    .use("/v1/accounts/two-factor/*", deps.requireUser)
    .get(
      "/v1/accounts/two-factor",
      doc({
        summary: "Whether 2FA is on and how many recovery codes are left",
        tag,
        auth: "user",
        responses: {
          200: {
            description: "status",
            schema: z.object({ enabled: z.boolean(), recoveryCodesLeft: z.number() }),
          },
        },
      }),
      async (c) => c.json(await twoFactorStatus(deps, currentUser(c).id)),
    )
    .post(
      "/v1/accounts/two-factor/setup",
      doc({
        summary: "Start TOTP setup: a new secret as otpauth URI and SVG QR code (not active until enabled)",
        tag,
        auth: "user",
        responses: {
          200: {
            description: "setup",
            schema: z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() }),
          },
          409: "already on",
        },
      }),
      async (c) => {
        c.header("cache-control", "no-store");
        return c.json(await beginTotpSetup(deps, currentUser(c)));
      },
    )
    .post(
      "/v1/accounts/two-factor/enable",
      doc({
        summary: "Confirm a code from the new secret; turns 2FA on and returns recovery codes once",
        tag,
        auth: "user",
        body: enableSchema,
        responses: {
          200: { description: "enabled", schema: z.object({ recoveryCodes: z.array(z.string()) }) },
          401: "wrong code",
          409: "no setup, or already on",
        },
      }),
      async (c) => {
        c.header("cache-control", "no-store");
        return c.json(
          await enableTotp(deps, { userId: currentUser(c).id, ...(await readJson(c, enableSchema)) }),
        );
      },
    )
    .post(
      "/v1/accounts/two-factor/disable",
      doc({
        summary: "Turn 2FA off (password and a code or recovery code)",
        tag,
        auth: "user",
        body: disableSchema,
        responses: {
          204: "disabled",
          401: "wrong password or code",
          409: "already off",
          429: "too many attempts",
        },
      }),
      async (c) => {
        const { password, ...factor } = await readJson(c, disableSchema);
        const f = "code" in factor ? { code: factor.code } : { recoveryCode: factor.recoveryCode };
        await disableTotp(deps, {
          userId: currentUser(c).id,
          password,
          factor: f,
          address: clientAddress(c),
        });
        return c.body(null, 204);
      },
    );
}
