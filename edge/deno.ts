/**
 * The Deno entry: `deno serve edge/deno.ts` serves the same Hono app as the Worker (see edge/deno/cloud.ts).
 * State lives under OUTPOST_DATA_DIR (default `.data/deno`); configuration comes from the environment.
 */
import { startDenoCloud } from "./deno/cloud.ts";
import { denoRuntime } from "./deno/runtime.ts";

const deno = denoRuntime();
const vars = deno.env.toObject();
const cloud = await startDenoCloud({
  root: new URL("../", import.meta.url),
  dataDir: vars.OUTPOST_DATA_DIR ?? ".data/deno",
  vars,
});
// `deno serve` stops listening on SIGTERM but exits only once nothing is pending; the ledgers' presence
// check, retry timers and open connections would keep it alive for ever, so they are closed here.
deno.addSignalListener("SIGTERM", () => cloud.close());

export default {
  fetch(request: Request, info: { remoteAddr: { hostname: string } }): Promise<Response> | Response {
    // Served directly, not behind Cloudflare: the peer address is the client's, whatever a header claims.
    const headers = new Headers(request.headers);
    headers.set("cf-connecting-ip", info.remoteAddr.hostname);
    return cloud.app.fetch(new Request(request, { headers }));
  },
};
