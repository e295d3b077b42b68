/** Web push under Deno: shared/web-push signs and encrypts there; Node checks the VAPID JWT and decrypts. */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromBase64url } from "../shared/ids/index.ts";
import { decryptPush, newPushReceiver, verifyVapid } from "../shared/web-push/index.ts";

const ROOT = join(import.meta.dirname, "..");
const DENO = join(ROOT, "node_modules", ".bin", "deno");

describe("web push crypto under Deno", () => {
  it("a message Deno encrypted and signed is read back with the subscription's key and the JWT checks out", async () => {
    const receiver = await newPushReceiver();
    const endpoint = "https://push.example/p/device-1";
    const out = execFileSync(
      DENO,
      [
        "run",
        "--quiet",
        "--no-prompt",
        "e2e/deno/web-push-sender.ts",
        endpoint,
        receiver.p256dh,
        receiver.auth,
        "Dairy fridge: high temperature alarm",
      ],
      { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    const { authorization, body } = JSON.parse(out) as { authorization: string; body: string };
    expect((await verifyVapid(authorization, "https://push.example", Date.now())).subject).toBe(
      "mailto:ops@outpost.example",
    );
    const text = new TextDecoder().decode(await decryptPush(fromBase64url(body), receiver));
    expect(text).toBe("Dairy fridge: high temperature alarm");
  });
});
