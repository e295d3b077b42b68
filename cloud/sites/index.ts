/** cloud/sites: sites and members, hub claim, sync up and the per-site ledger logic. */
export {
  CLAIM_CODE_TTL_MS,
  claimHub,
  createClaimCode,
  normaliseCode,
  purgeExpiredClaimCodes,
} from "./claim.ts";
export { type SitesHttpDeps, sitesHttp } from "./http.ts";
export * from "./ledger/index.ts";
export { listAlarms, listEquipment } from "./read.ts";
export * as sitesSchema from "./schema.ts";
export { SITE_ROLES, type SiteRole } from "./schema.ts";
export {
  createSite,
  listSiteMembers,
  listSitesOf,
  requireMembership,
  type SitesDb,
  type SiteView,
} from "./sites.ts";
export { acceptSyncBatch, type SyncDeps } from "./sync.ts";
export { hubsHttp } from "./sync-http.ts";
