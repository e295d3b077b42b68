/** Web push routes: the VAPID public key a browser subscribes with, and the signed-in person's devices. */
import { Hono } from "hono";
import { z } from "zod";
import { AppError } from "../../shared/errors/index.ts";
import { type AppEnv, currentUser, doc, type RequireUser, readJson } from "../http/index.ts";
import {
  listPushDevices,
  type PushDeps,
  subscribePush,
  subscriptionInput,
  unsubscribePush,
  vapidKeys,
} from "./push.ts";

const tag = "notifications";
const endpointBody = z.object({ endpoint: z.url().max(1000) });

export function pushHttp(deps: PushDeps & { requireUser: RequireUser }) {
  return new Hono<AppEnv>()
    .use("/v1/notifications/push/*", deps.requireUser)
    .get(
      "/v1/notifications/push/key",
      doc({
        summary: "The VAPID public key (applicationServerKey) to subscribe a browser with",
        tag,
        auth: "user",
        responses: { 200: "key", 503: "web push is not configured" },
      }),
      async (c) => {
        const keys = await vapidKeys(deps);
        if (!keys) throw new AppError("SERVICE_UNAVAILABLE", "web push is not configured");
        return c.json({ publicKey: keys.publicKey });
      },
    )
    .get(
      "/v1/notifications/push/subscriptions",
      doc({
        summary: "The signed-in person's subscribed devices",
        tag,
        auth: "user",
        responses: { 200: "devices" },
      }),
      async (c) => c.json({ devices: await listPushDevices(deps, currentUser(c).id) }),
    )
    .post(
      "/v1/notifications/push/subscriptions",
      doc({
        summary: "Subscribes this device (a PushSubscription's JSON and a device name)",
        tag,
        auth: "user",
        body: subscriptionInput,
        responses: { 201: "subscribed", 400: "bad input", 503: "web push is not configured" },
      }),
      async (c) => {
        await subscribePush(deps, currentUser(c).id, await readJson(c, subscriptionInput));
        return c.json({ subscribed: true }, 201);
      },
    )
    .delete(
      "/v1/notifications/push/subscriptions",
      doc({
        summary: "Unsubscribes one of the signed-in person's devices by its endpoint",
        tag,
        auth: "user",
        body: endpointBody,
        responses: { 200: "removed or not", 400: "bad input" },
      }),
      async (c) => {
        const { endpoint } = await readJson(c, endpointBody);
        return c.json(await unsubscribePush(deps, currentUser(c).id, endpoint));
      },
    );
}
