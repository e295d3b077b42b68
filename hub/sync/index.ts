/** Hub → cloud sync: claim, batches and the background agent. */
export { SyncAgent, type SyncAgentDeps, type SyncStatus } from "./agent.ts";
export { buildBatch } from "./batch.ts";
export { type ClaimInput, type CloudBinding, checkCloudUrl, claimHub, getCloudBinding } from "./identity.ts";
