/** shared/web-push: VAPID (RFC 8292) and message encryption (RFC 8291), Web Crypto only (workerd, Deno, Node). */
export { decryptPush, encryptPush, newPushReceiver, type PushKeys } from "./aes128gcm.ts";
export {
  generateVapidJwk,
  type VapidKeys,
  vapidAuthorization,
  vapidPublicKey,
  verifyVapid,
} from "./vapid.ts";
