/** Sign-in routes (contract C1): state, first-owner setup, password and token sign-in, sign-out, me. */
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import {
  type AuthDeps,
  authState,
  endSession,
  newPasswordSchema,
  SESSION_COOKIE,
  type SignedIn,
  setUpOwner,
  signInLocal,
  signInWithCode,
  signInWithToken,
  usernameSchema,
} from "../auth/index.ts";
import { allow, clientAddress, type HubEnv, principal } from "./guard.ts";

const setupBody = z.object({
  code: z.string().trim().min(4).max(32),
  username: usernameSchema,
  password: newPasswordSchema,
});
const signInBody = z.object({
  username: z.string().trim().toLowerCase().min(1).max(40),
  password: z.string().min(1).max(256),
});
const tokenBody = z.object({ token: z.string().min(1).max(8192) });
const codeBody = z.object({ code: z.string().trim().min(8).max(16) });

// The hub speaks plain HTTP on the shop's LAN, so the cookie cannot be `Secure`; HttpOnly keeps it from
// scripts and SameSite=Strict from every cross-site request.
function answer(c: Context<HubEnv>, signedIn: SignedIn, status: 200 | 201) {
  setCookie(c, SESSION_COOKIE, signedIn.session, {
    httpOnly: true,
    sameSite: "Strict",
    path: "/",
    maxAge: signedIn.maxAgeS,
  });
  const { subject, name, role, kind } = signedIn.principal;
  return c.json({ subject, name, role, technician: kind === "technician" }, status);
}

export function authRoutes(auth: AuthDeps) {
  return (
    new Hono<HubEnv>()
      .get("/state", allow("public"), async (c) => c.json(await authState(auth.db)))
      .post("/setup", allow("public", { json: setupBody }), async (c) =>
        answer(c, await setUpOwner(auth, { ...c.req.valid("json"), address: clientAddress(c) }), 201),
      )
      .post("/sign-in", allow("public", { json: signInBody }), async (c) =>
        answer(c, await signInLocal(auth, { ...c.req.valid("json"), address: clientAddress(c) }), 200),
      )
      .post("/token", allow("public", { json: tokenBody }), async (c) =>
        answer(c, await signInWithToken(auth, { ...c.req.valid("json"), address: clientAddress(c) }), 200),
      )
      .post("/code", allow("public", { json: codeBody }), async (c) =>
        answer(c, await signInWithCode(auth, { ...c.req.valid("json"), address: clientAddress(c) }), 200),
      )
      // Public so an expired session can still clear its cookie.
      .post("/sign-out", allow("public"), async (c) => {
        const session = getCookie(c, SESSION_COOKIE);
        if (session) await endSession(auth.db, session);
        deleteCookie(c, SESSION_COOKIE, { path: "/" });
        return c.body(null, 204);
      })
      .get("/me", allow("visit"), (c) => {
        const { subject, name, role, kind } = principal(c);
        return c.json({ subject, name, role, technician: kind === "technician" });
      })
  );
}
