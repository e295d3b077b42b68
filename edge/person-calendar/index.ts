/** PersonCalendar: the Durable Object owning one person's calendar (logic in cloud/bookings/calendar.ts). */
import { DurableObject } from "cloudflare:workers";
import {
  migrateCalendar,
  type ReserveRequest,
  type ReserveResult,
  releaseIn,
  reserveIn,
} from "../../cloud/bookings/calendar.ts";
import type { Env } from "../env.ts";

/**
 * One per person (`idFromName(personId)`), reached only over RPC from the Worker. Its methods never await,
 * so the runtime runs them one at a time: that, not a check in D1, is what stops double bookings.
 */
export class PersonCalendar extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrateCalendar(ctx.storage);
  }

  reserve(personId: string, request: ReserveRequest): ReserveResult {
    return this.ctx.storage.transactionSync(() => reserveIn(this.ctx.storage, personId, request));
  }

  release(personId: string, id: string): void {
    releaseIn(this.ctx.storage, personId, id);
  }
}
