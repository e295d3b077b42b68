/** The heating module's surface for the console's typed client. */
import type { heatingRoutes } from "./routes.ts";

export type HeatingRoutes = ReturnType<typeof heatingRoutes>;
