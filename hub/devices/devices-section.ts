/**
 * The `devices` section: devices paired in the cloud, created or updated through the hub's pairing and
 * revocation verbs. Who wins: the cloud owns each listed device's name, secret hash and revocation; the hub
 * owns its presence (status, last seen, birth). Devices paired on the hub itself (offline) are not in the
 * document and are left alone; a revocation is final whichever side made it.
 */
import { eq } from "drizzle-orm";
import { devicesSection as schema } from "../../shared/desired-state/index.ts";
import { devices } from "../db/index.ts";
import { defineSection } from "../desired-state/section.ts";
import { fixedClock, verbsDb } from "../desired-state/tx-db.ts";
import { revokeDevice } from "./credentials.ts";
import { pairDevice } from "./pairing.ts";

export const devicesSection = defineSection({
  name: "devices",
  version: 1,
  schema,
  async apply(tx, value, ctx) {
    const db = verbsDb(tx);
    const clock = fixedClock(ctx.now);
    for (const d of value.devices) {
      const [current] = await db.select().from(devices).where(eq(devices.id, d.id));
      if (!current) {
        await pairDevice({ db, clock }, { kind: d.kind, name: d.name }, d);
      } else if (current.name !== d.name || current.secretHash !== d.secretHash) {
        await db
          .update(devices)
          .set({ name: d.name, secretHash: d.secretHash, secretRotatedAt: ctx.now })
          .where(eq(devices.id, d.id));
      }
      if (d.revoked) await revokeDevice({ db, clock }, d.id);
    }
  },
});
