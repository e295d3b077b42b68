/** User authentication at the edge: the access token is verified locally (JWKS), never by a round trip. */
import type { AccessTokenVerifier } from "../../../cloud/accounts/index.ts";
import { bearerToken, type RequireUser } from "../../../cloud/http/index.ts";
import { AppError } from "../../../shared/errors/index.ts";

/** Admits requests with a valid `Authorization: Bearer <access token>` and sets `user`; otherwise 401. */
export function requireUser(verifier: AccessTokenVerifier): RequireUser {
  return async (c, next) => {
    const token = bearerToken(c.req.header("authorization"));
    if (!token) throw new AppError("UNAUTHORIZED", "sign-in required");
    c.set("user", await verifier.verify(token));
    await next();
  };
}
