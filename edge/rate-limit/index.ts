/** Gateway rate limits on a Durable Object sliding-window counter per key. */
export {
  apiLimits,
  clientIp,
  credentialLimits,
  DEFAULT_RATE_LIMITS,
  durableRateLimits,
  enforce,
  type RateLimitConfig,
  type RateLimits,
} from "./limits.ts";
export { type RateDecision, RateLimiter, type RateRule } from "./rate-limiter-object.ts";
