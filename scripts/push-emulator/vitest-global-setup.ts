/** Vitest global setup for the workerd project: one push-service emulator (not a real push service) for the run. */
import type { TestProject } from "vitest/node";
import { startPushEmulator } from "./index.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pushServiceBase: string;
  }
}

export default async function setup(project: TestProject) {
  const emulator = await startPushEmulator();
  project.provide("pushServiceBase", emulator.url);
  return () => emulator.close();
}
