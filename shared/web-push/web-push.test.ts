/** Web push crypto against RFC 8291's own example, a round trip, and VAPID's audience and signature checks. */
import { describe, expect, it } from "vitest";
import { base64url, fromBase64url } from "../ids/index.ts";
import {
  decryptPush,
  encryptPush,
  generateVapidJwk,
  newPushReceiver,
  vapidAuthorization,
  vapidPublicKey,
  verifyVapid,
} from "./index.ts";

describe("aes128gcm (RFC 8291)", () => {
  it("decrypts the RFC's §5 example message", async () => {
    const pub = fromBase64url(
      "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
    );
    const privateKey = await crypto.subtle.importKey(
      "jwk",
      {
        kty: "EC",
        crv: "P-256",
        d: "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94",
        x: base64url(pub.slice(1, 33)),
        y: base64url(pub.slice(33)),
      },
      { name: "ECDH", namedCurve: "P-256" },
      false,
      ["deriveBits"],
    );
    const body = fromBase64url(
      "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
    );
    const text = await decryptPush(body, {
      privateKey,
      p256dh: base64url(pub),
      auth: "BTBZMqHH6r4Tts7J_aSIgg",
    });
    expect(new TextDecoder().decode(text)).toBe("When I grow up, I want to be a watermelon");
  });

  it("round-trips a message, and another subscription's key cannot read it", async () => {
    const mine = await newPushReceiver();
    const body = await encryptPush(mine, new TextEncoder().encode("Dairy fridge: high temperature"));
    expect(new TextDecoder().decode(await decryptPush(body, mine))).toBe("Dairy fridge: high temperature");
    const other = await newPushReceiver();
    await expect(decryptPush(body, other)).rejects.toThrow();
  });
});

describe("VAPID (RFC 8292)", () => {
  it("signs for the endpoint's origin; the wrong audience or a foreign key is refused", async () => {
    const jwk = await generateVapidJwk();
    const keys = { privateJwk: jwk, publicKey: vapidPublicKey(jwk), subject: "mailto:ops@outpost.example" };
    const now = Date.UTC(2026, 5, 1);
    const header = await vapidAuthorization(keys, "https://push.example/p/abc", now);
    expect(await verifyVapid(header, "https://push.example", now)).toEqual({
      publicKey: keys.publicKey,
      subject: "mailto:ops@outpost.example",
    });
    await expect(verifyVapid(header, "https://other.example", now)).rejects.toThrow(/aud/);
    const stranger = vapidPublicKey(await generateVapidJwk());
    await expect(
      verifyVapid(header.replace(/k=.*$/, `k=${stranger}`), "https://push.example", now),
    ).rejects.toThrow();
    await expect(verifyVapid(header, "https://push.example", now + 13 * 3600_000)).rejects.toThrow(/exp/);
  });
});
