/**
 * The demo shop's counter (`npm start`): a few products with stock, two simulated dispensers, and a camera you
 * drive from the terminal — paste a code's text (from the POS page or the owner app) and press Enter.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { DispenserSim } from "../../devices/simulators/index.ts";

interface DemoDispenser {
  id: string;
  secret: string;
  name: string;
}

const PRODUCTS = [
  { name: "Sparkling water", category: "Drinks", priceMinor: 2500, lowStockThreshold: 3 },
  { name: "Cola", category: "Drinks", priceMinor: 3000, lowStockThreshold: 3 },
  { name: "Crisps", category: "Snacks", priceMinor: 2000, lowStockThreshold: 2 },
  { name: "Coffee", category: "Counter", priceMinor: 3500, dispensable: false },
];

export async function startDispensingDemo(opts: {
  hubUrl: string;
  mqttUrl: string;
  adminToken: string;
  file: string;
  currency: string;
  say(line: string): void;
}): Promise<{ summary: string; close(): Promise<void> }> {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${opts.hubUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${opts.adminToken}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  let dispensers: DemoDispenser[];
  if (existsSync(opts.file)) dispensers = JSON.parse(readFileSync(opts.file, "utf8")) as DemoDispenser[];
  else {
    const ids: string[] = [];
    for (const p of PRODUCTS) {
      const made = await call<{ id: string }>("POST", "/api/dispensing/products", {
        ...p,
        currency: opts.currency,
      });
      ids.push(made.id);
    }
    await call("POST", "/api/dispensing/stock", { productId: ids[3], delta: 40, reason: "restock" });
    dispensers = [];
    for (const [n, name] of ["Lobby dispenser", "Staff room dispenser"].entries()) {
      const paired = await call<{ id: string; secret: string }>("POST", "/api/devices", {
        kind: "DISPENSER",
        name,
      });
      const slots = [0, 1, 2].map((slot) => ({ slot, productId: ids[slot]!, capacity: 12 }));
      await call("PUT", `/api/dispensing/dispensers/${paired.id}/slots`, { slots });
      for (const s of slots) {
        await call("POST", "/api/dispensing/stock", {
          productId: s.productId,
          delta: n === 0 ? 8 : 5,
          reason: "restock",
          deviceId: paired.id,
          slot: s.slot,
        });
      }
      dispensers.push({ id: paired.id, secret: paired.secret, name });
    }
    writeFileSync(opts.file, JSON.stringify(dispensers, null, 2), { mode: 0o600 });
  }
  const sims: DispenserSim[] = [];
  for (const d of dispensers) {
    const list = await call<{ dispensers: { id: string; slots: { slot: number; count: number }[] }[] }>(
      "GET",
      "/api/dispensing/dispensers",
    );
    const counts = Object.fromEntries(
      (list.dispensers.find((x) => x.id === d.id)?.slots ?? []).map((s) => [s.slot, s.count]),
    );
    sims.push(
      await DispenserSim.connect({ url: opts.mqttUrl, deviceId: d.id, secret: d.secret, slots: counts }),
    );
  }
  // The lobby dispenser's camera: a pasted code is scanned; its display is printed when the hub answers.
  const lobby = sims[0]!;
  const rl = process.stdin.isTTY ? createInterface({ input: process.stdin }) : undefined;
  rl?.on("line", (line) => {
    const code = line.trim();
    if (code.length < 20) return;
    const shown = lobby.display;
    void lobby.scan(code).then(async () => {
      for (let i = 0; i < 100 && lobby.display === shown; i++) await new Promise((r) => setTimeout(r, 50));
      opts.say(`Lobby dispenser: ${lobby.display}`);
    });
  });
  return {
    summary: `${dispensers.map((d) => d.name).join(", ")} (paste a QR code's text here and press Enter to scan it at the lobby)`,
    async close() {
      rl?.close();
      await Promise.allSettled(sims.map((s) => s.close()));
    },
  };
}
