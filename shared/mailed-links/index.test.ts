/** A mailed link's token comes back out of its fragment unchanged. */
import { describe, expect, it } from "vitest";
import { mailedLink, tokenInFragment } from "./index.ts";

describe("mailed links", () => {
  it("carries the token in the fragment, never in the query", () => {
    const link = new URL(mailedLink("https://app.example/invites", "abc-_DEF123456789xyz"));
    expect(link.search).toBe("");
    expect(link.pathname).toBe("/invites");
    expect(tokenInFragment(link.hash)).toBe("abc-_DEF123456789xyz");
    expect(tokenInFragment("")).toBeNull();
  });
});
