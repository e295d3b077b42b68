/**
 * `npm run build:hub`: the hub as it runs on the appliance, one bundle of our own code in
 * hub/dist (packages stay in node_modules). Running built JavaScript instead of stripping types
 * at start keeps Node's TypeScript loader (a WebAssembly compiler) out of the process: about
 * 33 MiB less resident memory, measured by `npm run bench -- memory`. `npm run hub` builds first.
 */
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const outdir = root("hub/dist");

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    main: root("hub/main.ts"),
    // The bench's hub process, so that the bench measures the hub as it runs.
    "bench-hub": root("bench/hub-process.ts"),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  packages: "external",
  // hub/assets.ts finds the hub's folders from the bundle's place rather than its own.
  define: { __HUB_BUNDLE__: "true" },
  sourcemap: "linked",
  logLevel: "warning",
});
