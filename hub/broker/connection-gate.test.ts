/** The admission policy itself: who is shed when the gate is full, and who never is. */
import { describe, expect, it } from "vitest";
import { ConnectionGate, type GateLimits, type Ticket } from "./connection-gate.ts";

function gate(over: Partial<GateLimits> = {}) {
  let t = 0;
  const shed: string[] = [];
  const g = new ConnectionGate({
    maxConnections: 100,
    maxPending: 4,
    maxPendingPerAddress: 3,
    pressureConnectTimeoutMs: 1000,
    now: () => t,
    ...over,
  });
  let n = 0;
  const admit = (address: string): Ticket | string => {
    const name = `${address}#${++n}`;
    return g.admit(address, () => shed.push(name));
  };
  return { g, shed, admit, advance: (ms: number) => (t += ms) };
}

describe("connection gate", () => {
  it("sheds the oldest idle socket of the address holding the most when the pending slots are full", () => {
    const { g, shed, admit } = gate();
    admit("a");
    admit("a");
    admit("a");
    admit("b");
    expect(typeof admit("c")).toBe("object");
    expect(shed).toEqual(["a#1"]);
    expect(g.pendingConnections).toBe(4);
  });

  it("sheds an address's own oldest socket at its per-address limit, not another's", () => {
    const { shed, admit } = gate({ maxPending: 10 });
    admit("b");
    for (let i = 0; i < 4; i++) admit("a");
    expect(shed).toEqual(["a#2"]);
  });

  it("never sheds a CONNECT from a known device, and sheds an unknown CONNECT only after idle sockets", () => {
    const { g, shed, admit } = gate({ maxPending: 3, maxPendingPerAddress: 3 });
    const known = admit("a") as Ticket;
    const unknown = admit("a") as Ticket;
    g.connecting(known, true);
    g.connecting(unknown, false);
    admit("a");
    admit("a");
    expect(shed).toEqual(["a#3"]);
    g.connecting(admit("a") as Ticket, true);
    expect(shed).toEqual(["a#3", "a#4"]);
    g.connecting(admit("a") as Ticket, true);
    expect(shed).toEqual(["a#3", "a#4", "a#2"]);
    expect(admit("a")).toBe("too_many_pending");
  });

  it("sheds sockets silent past the shorter deadline once half the pending slots are taken", () => {
    const { shed, admit, advance } = gate({ maxPending: 4, maxPendingPerAddress: 4 });
    admit("a");
    advance(1500);
    admit("b");
    expect(shed).toEqual([]);
    admit("c");
    expect(shed).toEqual(["a#1"]);
  });

  it("at the total cap sheds an unauthenticated socket, and refuses when all are authenticated", () => {
    const { g, shed, admit } = gate({ maxConnections: 2 });
    const a = admit("a") as Ticket;
    g.authenticated(a);
    admit("b");
    expect(typeof admit("c")).toBe("object");
    expect(shed).toEqual(["b#2"]);
    g.authenticated(admit("d") as Ticket);
    expect(shed).toEqual(["b#2", "c#3"]);
    expect(g.openConnections).toBe(2);
    expect(admit("e")).toBe("too_many_connections");
  });
});
