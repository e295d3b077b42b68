/**
 * The Deno entry: `deno serve edge/deno.ts` serves the same Hono app as the Worker (see edge/deno/cloud.ts)
 * over the same module list. State lives under OUTPOST_DATA_DIR (default `.data/deno`); configuration comes
 * from the environment.
 */
import { CLOUD_MODULES } from "../cloud/modules.ts";
import { serveDenoCloud } from "./deno/serve.ts";

export default await serveDenoCloud(CLOUD_MODULES);
