/**
 * The hub's modules, one line each, in order: desired-state sections apply in this order (devices make
 * the equipment monitoring then configures). A module is its folder and its manifest (hub/module/).
 */
import { devicesModule } from "./devices/module.ts";
import { dispensingModule } from "./dispensing/module.ts";
import { heatingModule } from "./heating/module.ts";
import type { HubModule } from "./module/index.ts";
import { monitoringModule } from "./monitoring/module.ts";
import { serviceModule } from "./service/module.ts";

export const HUB_MODULES: readonly HubModule[] = [
  devicesModule,
  monitoringModule,
  heatingModule,
  dispensingModule,
  serviceModule,
];
