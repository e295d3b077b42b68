/** A `deno serve` entry for the module-seam test: the listed modules plus the test-only ones, retries at once. */
import { CLOUD_MODULES } from "../../cloud/modules.ts";
import { serveDenoCloud } from "../deno/serve.ts";
import { TEST_ONLY_MODULES } from "./modules.ts";

export default await serveDenoCloud([...CLOUD_MODULES, ...TEST_ONLY_MODULES], { retryDelaySeconds: () => 0 });
