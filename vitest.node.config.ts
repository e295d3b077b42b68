import { defineProject } from "vitest/config";

// Node-side tests: hub, devices, shared contracts and the end-to-end stack.
export default defineProject({
  test: {
    name: "node",
    include: [
      "hub/**/*.test.ts",
      "devices/**/*.test.ts",
      "shared/**/*.test.ts",
      "e2e/**/*.test.ts",
      "checks/**/*.test.ts",
    ],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
