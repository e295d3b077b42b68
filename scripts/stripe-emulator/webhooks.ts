/** Stripe emulator: signs events like Stripe (`Stripe-Signature: t=…,v1=HMAC-SHA256`) and delivers them with retries. */
import { createHmac } from "node:crypto";

export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

export interface DeliveryOptions {
  url: () => string | undefined;
  secret: string;
  /** First retry delay; each further retry doubles it (Stripe retries for days; the emulator for seconds). */
  backoffMs: number;
  maxAttempts: number;
  log: (line: string) => void;
}

export interface Delivery {
  eventId: string;
  type: string;
  attempts: number;
  status: number | null;
  delivered: boolean;
}

/** Delivers each event on its own (Stripe does not order deliveries), re-signing every attempt. */
export function createDeliverer(opts: DeliveryOptions) {
  const deliveries: Delivery[] = [];
  const pending = new Set<Promise<void>>();

  async function attempt(event: { id: string; type: string }, record: Delivery): Promise<void> {
    const payload = JSON.stringify(event, null, 2);
    for (let n = 1; n <= opts.maxAttempts; n++) {
      const url = opts.url();
      if (!url) return;
      record.attempts = n;
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json; charset=utf-8",
            "stripe-signature": signatureHeader(payload, opts.secret, Math.floor(Date.now() / 1000)),
            "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks) [Stripe emulator]",
          },
          body: payload,
        });
        record.status = res.status;
        await res.arrayBuffer();
        if (res.ok) {
          record.delivered = true;
          return;
        }
      } catch {
        record.status = null;
      }
      opts.log(`[stripe emulator] webhook ${event.type} ${event.id} attempt ${n} failed (${record.status})`);
      if (n < opts.maxAttempts) await new Promise((r) => setTimeout(r, opts.backoffMs * 2 ** (n - 1)));
    }
  }

  return {
    deliveries,
    send(event: { id: string; type: string }): void {
      const record: Delivery = {
        eventId: event.id,
        type: event.type,
        attempts: 0,
        status: null,
        delivered: false,
      };
      deliveries.push(record);
      const p = attempt(event, record).finally(() => pending.delete(p));
      pending.add(p);
    },
    /** Resolves when every delivery in flight has succeeded or given up. */
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
