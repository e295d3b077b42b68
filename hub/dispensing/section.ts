/** Applies the `dispensing` section: the cloud's catalog (its fields win for the products it lists) and revoked codes. */
import { sql } from "drizzle-orm";
import { dispensingSection } from "../../shared/dispensing/index.ts";
import { dispensingCodes, dispensingInventory, dispensingProducts } from "../db/index.ts";
import { defineSection } from "../desired-state/section.ts";

export const dispensingSections = [
  defineSection({
    name: "dispensing",
    version: 1,
    schema: dispensingSection,
    async apply(tx, value, ctx) {
      for (const p of value.products) {
        const { id, ...fields } = p;
        await tx
          .insert(dispensingProducts)
          .values({ ...p, updatedAt: ctx.now })
          .onConflictDoUpdate({ target: dispensingProducts.id, set: { ...fields, updatedAt: ctx.now } });
        await tx.insert(dispensingInventory).values({ productId: id }).onConflictDoNothing();
      }
      for (const c of value.revokedCodes) {
        await tx
          .insert(dispensingCodes)
          .values({ id: c.id, orderId: c.orderId, expiresAt: Date.parse(c.expiresAt), revoked: true })
          .onConflictDoUpdate({ target: dispensingCodes.id, set: { revoked: sql`1` } });
      }
    },
  }),
];
