/**
 * Folders the hub reads at run time, the same whether it runs from source (this file is in hub/)
 * or from its build (hub/dist/*.js, where the build defines `__HUB_BUNDLE__`).
 */
import { fileURLToPath } from "node:url";

declare const __HUB_BUNDLE__: boolean | undefined;

const HUB_DIR = new URL(
  typeof __HUB_BUNDLE__ !== "undefined" && __HUB_BUNDLE__ ? "../" : "./",
  import.meta.url,
);
const inHub = (path: string) => fileURLToPath(new URL(path, HUB_DIR));

/** The checked-in SQLite migrations. */
export const MIGRATIONS_DIR = inHub("db/migrations");
/** The built technician console (`npm run build:web`). */
export const CONSOLE_DIST = inHub("console/dist");
