/** What `deno serve` runs: the cloud over a module list, configured from the environment (edge/deno.ts). */
import type { AnyCloudModule } from "../../cloud/module/index.ts";
import { publicHostRefusal } from "../local-hosts.ts";
import { startDenoCloud } from "./cloud.ts";
import { denoRuntime } from "./runtime.ts";

export async function serveDenoCloud(
  modules: readonly AnyCloudModule[],
  options: { retryDelaySeconds?: (attempts: number) => number } = {},
) {
  const deno = denoRuntime();
  const vars = deno.env.toObject();
  const cloud = await startDenoCloud({
    root: new URL("../../", import.meta.url),
    dataDir: vars.OUTPOST_DATA_DIR ?? ".data/deno",
    vars,
    modules,
    ...options,
  });
  // `deno serve` stops listening on SIGTERM but exits only once nothing is pending; the ledgers' presence
  // check, retry timers and open connections would keep it alive for ever, so they are closed here.
  deno.addSignalListener("SIGTERM", () => cloud.close());
  return {
    fetch(request: Request, info: { remoteAddr: { hostname: string } }): Promise<Response> | Response {
      // Not ENVIRONMENT=production: answers only a local peer on a local host, as the Worker does.
      const refused = publicHostRefusal(cloud.deps.config.environment, request.url, info.remoteAddr.hostname);
      if (refused) return refused;
      // Served directly, not behind Cloudflare: the peer address is the client's, whatever a header claims.
      const headers = new Headers(request.headers);
      headers.set("cf-connecting-ip", info.remoteAddr.hostname);
      return cloud.app.fetch(new Request(request, { headers }));
    },
  };
}
