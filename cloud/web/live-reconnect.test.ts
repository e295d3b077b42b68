/** The web app's live view renews an expired socket at once and backs off from everything else. */
import { describe, expect, it } from "vitest";
import { LIVE_CLOSE_NOT_MEMBER, LIVE_CLOSE_TOKEN_EXPIRED } from "../../shared/live/index.ts";
import { afterClose, BACKOFF_MS, backoffDelay } from "./live-reconnect.ts";

describe("live view reconnect", () => {
  it("reconnects at once when an open socket's token expired or was revoked (4401)", () => {
    expect(afterClose(LIVE_CLOSE_TOKEN_EXPIRED, true)).toBe("renew");
  });

  it("backs off from a socket that never opened, a removed member (4403), and network closes", () => {
    expect(afterClose(LIVE_CLOSE_TOKEN_EXPIRED, false)).toBe("backoff");
    expect(afterClose(LIVE_CLOSE_NOT_MEMBER, true)).toBe("backoff");
    expect(afterClose(1006, true)).toBe("backoff");
    expect(afterClose(1001, true)).toBe("backoff");
  });

  it("waits half to one and a half of each step, capped at the last", () => {
    expect(backoffDelay(0, 0)).toBe(BACKOFF_MS[0]! / 2);
    expect(backoffDelay(1, 1)).toBe(BACKOFF_MS[1]! * 1.5);
    expect(backoffDelay(99, 0.5)).toBe(BACKOFF_MS.at(-1));
  });
});
