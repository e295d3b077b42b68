/** cloud/sites: sites and members, hub claim, sync up and the per-site ledger logic. */

export { siteAccessHttp } from "./access-http.ts";
export {
  CLAIM_CODE_TTL_MS,
  claimHub,
  createClaimCode,
  normaliseCode,
  purgeExpiredClaimCodes,
} from "./claim.ts";
export { type DownlinkHttpDeps, downlinkHttp } from "./downlink-http.ts";
export { type SitesHttpDeps, sitesHttp } from "./http.ts";
export { hubAccessToken, type IssueHubAccessToken } from "./hub-access.ts";
export { type AuthenticatedHub, authenticateHub } from "./hub-auth.ts";
export { listHubs, revokeHub } from "./hubs.ts";
export { acceptInvite, type InviteMailer, inviteMember } from "./invites.ts";
export * from "./ledger/index.ts";
export { type LiveHttpDeps, liveHttp } from "./live-http.ts";
export { addMember, changeMemberRole, listMembers, removeMember } from "./members.ts";
export { listAlarms, listEquipment } from "./read.ts";
export * as sitesSchema from "./schema.ts";
export {
  createSite,
  listSiteMembers,
  listSitesOf,
  requireMembership,
  type SitesDb,
  type SiteView,
} from "./sites.ts";
export { createSpace, listSpaces } from "./spaces.ts";
export { acceptSyncBatch, type SyncDeps } from "./sync.ts";
export { hubsHttp } from "./sync-http.ts";
