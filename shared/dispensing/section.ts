/**
 * The `dispensing` desired-state section: the site's catalog and prices (cloud configuration), and the codes
 * revoked by a refund while they could still be scanned (each listed until its expiry, then dropped).
 * Authority: for a product the cloud lists, the cloud's fields win at every version the hub applies; a price
 * changed at the hub offline is a `product.price.changed` event and lasts until the next version.
 */
import { z } from "zod";

export const catalogProduct = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(80),
    category: z.string().min(1).max(40),
    priceMinor: z.number().int().min(0).max(10_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/),
    dispensable: z.boolean(),
    available: z.boolean(),
    lowStockThreshold: z.number().int().min(0).max(100_000),
  })
  .strict();
export type CatalogProduct = z.infer<typeof catalogProduct>;

export const dispensingSection = z
  .object({
    products: z.array(catalogProduct).max(2000),
    revokedCodes: z
      .array(
        z.object({
          id: z.string().min(1).max(64),
          orderId: z.string().min(1).max(64),
          expiresAt: z.string().datetime({ offset: true }),
        }),
      )
      .max(10_000),
  })
  .strict();
export type DispensingSection = z.infer<typeof dispensingSection>;
