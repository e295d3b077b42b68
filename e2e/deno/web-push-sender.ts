/** Run by e2e/deno-web-push.test.ts under Deno: signs and encrypts one push message with shared/web-push. */

import { base64url } from "../../shared/ids/index.ts";
import {
  encryptPush,
  generateVapidJwk,
  vapidAuthorization,
  vapidPublicKey,
} from "../../shared/web-push/index.ts";

declare const Deno: { args: string[] };
const [endpoint, p256dh, auth, text] = Deno.args as [string, string, string, string];
const jwk = await generateVapidJwk();
const keys = { privateJwk: jwk, publicKey: vapidPublicKey(jwk), subject: "mailto:ops@outpost.example" };
const body = await encryptPush({ p256dh, auth }, new TextEncoder().encode(text));
console.log(
  JSON.stringify({
    authorization: await vapidAuthorization(keys, endpoint, Date.now()),
    body: base64url(body),
  }),
);
