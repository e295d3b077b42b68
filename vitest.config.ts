import { defineConfig } from "vitest/config";

// Two projects: Node (hub, devices, shared, end-to-end) and workerd (edge, cloud).
// Two files at a time even on two cores: most of a file's time is waiting (on a hub, a Worker, a browser),
// and vitest's default (cores − 1) would run the whole suite one file after another.
export default defineConfig({
  test: { projects: ["./vitest.node.config.ts", "./vitest.workers.config.ts"], maxWorkers: 2 },
});
