/** hub/service: the hub side of the service marketplace. */
export { checkCompressors, dailyFigures, degrading } from "./compressor.ts";
export { serviceModule } from "./module.ts";
