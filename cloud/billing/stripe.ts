/** The Stripe client: the real `stripe` SDK over fetch, pointed at Stripe or, in development, at the emulator. */
import Stripe from "stripe";

export interface StripeConfig {
  secretKey: string;
  webhookSecret: string;
  /** Set only for the Stripe emulator (development and tests), e.g. `http://127.0.0.1:12111`. */
  apiBase?: string;
}

export function createStripeClient(config: StripeConfig): Stripe {
  const base = config.apiBase ? new URL(config.apiBase) : undefined;
  return new Stripe(config.secretKey, {
    httpClient: Stripe.createFetchHttpClient(),
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === "https:" ? 443 : 80),
          protocol: base.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
}

/** Web Crypto for webhook signatures: Workers (and Deno) have no Node crypto. */
export const webCrypto = Stripe.createSubtleCryptoProvider();

export type { Stripe };
