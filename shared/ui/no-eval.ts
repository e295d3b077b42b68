/**
 * Imported first by the hub console (the owner app bundles no zod parser): zod's parsers probe `Function("")` to see whether they may compile, which a
 * strict CSP (no 'unsafe-eval') reports as a violation on every page. Jitless parsing never probes.
 */
import { config } from "zod";

config({ jitless: true });
