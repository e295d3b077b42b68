/** The dispensing module's surface. */
export { dispensingModule } from "./module.ts";
export type { DispensingRoutes } from "./routes.ts";
