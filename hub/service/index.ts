/** hub/service: the hub side of the service marketplace. */
export { checkCompressors, dailyFigures, degrading } from "./compressor.ts";
export { serviceModule } from "./module.ts";
export { applyWorkOrders } from "./section.ts";
export { addNote, checkIn, completeVisit, snapshot, useParts, type VisitDeps } from "./visits.ts";
export type ServiceRoutes = ReturnType<typeof import("./routes.ts").serviceRoutes>;
