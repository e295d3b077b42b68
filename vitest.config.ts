import { defineConfig } from "vitest/config";

// Two projects: Node (hub, devices, shared, end-to-end) and workerd (edge, cloud).
// Three files at a time even on two cores: most of a file's time is waiting (on a hub, a Worker, a browser).
// vitest's default (cores − 1) ran the suite one file after another: 564 s; two at a time 571 s with 21 more
// files, three at a time 404 s for the same 167 files (the suite used about 1.2 of the 2 cores with two).
export default defineConfig({
  test: { projects: ["./vitest.node.config.ts", "./vitest.workers.config.ts"], maxWorkers: 3 },
});
