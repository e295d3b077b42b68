/** Gateway rate limits: a sliding-window counter per key (a Durable Object in Workers, memory under Deno). */
export {
  apiLimits,
  clientIp,
  credentialLimiter,
  DEFAULT_RATE_LIMITS,
  durableRateLimits,
  emailLimits,
  enforce,
  type RateLimitConfig,
  type RateLimits,
} from "./limits.ts";
export { memoryRateLimits } from "./memory-limits.ts";
export type { RateDecision, RateRule } from "./sliding-window.ts";
// The RateLimiter Durable Object class is exported by the Worker entry from ./rate-limiter-object.ts, so
// that importing this surface never loads `cloudflare:workers` (the Deno entry imports it too).
