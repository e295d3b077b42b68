/** Modules only the tests list (after cloud/modules.ts): the workerd pool binds and migrates their databases too. */
import { brokenModule, throwawayModule } from "./throwaway-module/index.ts";

export const TEST_ONLY_MODULES = [throwawayModule, brokenModule] as const;
