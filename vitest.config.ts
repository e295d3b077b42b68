import { defineConfig } from "vitest/config";

// Two projects: Node (hub, devices, shared, end-to-end) and workerd (edge, cloud).
export default defineConfig({
  test: { projects: ["./vitest.node.config.ts", "./vitest.workers.config.ts"] },
});
