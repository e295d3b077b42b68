/** Hub ↔ cloud sync: claim, lanes up, desired state and remote actions down, and the background agent. */
export { type Downlink, type LaneStatus, SyncAgent, type SyncAgentDeps, type SyncStatus } from "./agent.ts";
export { type ActionOutcome, type ApplyActionDeps, applyActionOnce } from "./apply-action.ts";
export { buildBatch } from "./batch.ts";
export { CloudCallError, callCloud } from "./cloud-client.ts";
export { type ClaimInput, type CloudBinding, checkCloudUrl, claimHub, getCloudBinding } from "./identity.ts";
export { RemoteActionsDownlink, type RemoteActionsStatus } from "./remote-actions.ts";
export { NoProgressError } from "./uplink.ts";
