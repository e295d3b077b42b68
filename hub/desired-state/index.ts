/** Desired state down: the section registry, the applier and the per-round fetch. */
export {
  type AppliedState,
  type ApplyResult,
  appliedState,
  applyDocument,
  DesiredStateRejected,
  forgetAppliedState,
} from "./apply.ts";
export { DesiredStateDownlink, type DesiredStateStatus } from "./downlink.ts";
export { coreSections } from "./registry.ts";
export { type ApplyContext, defineSection, type HubSection, type HubTx } from "./section.ts";
export { siteSection, siteSettings, siteTimeZone } from "./site-section.ts";
