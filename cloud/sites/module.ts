/** The sites module's manifest: sites, members, hubs and their claim, sync up and down, the live view. */
import type { PlanLimitCheck } from "../../shared/billing/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import type { EquipmentView, LiveMessage } from "../../shared/live/index.ts";
import type { SiteRole } from "../../shared/roles/index.ts";
import { type BoundProducer, type DesiredStateProducer, defineCloudModule } from "../module/index.ts";
import { siteAccessHttp } from "./access-http.ts";
import { requestSiteAction } from "./actions/actions.ts";
import { purgeExpiredClaimCodes } from "./claim.ts";
import { SITES_NOTIFICATIONS } from "./describers.ts";
import { SITES_PRODUCERS } from "./desired-state/producers.ts";
import { downlinkHttp } from "./downlink-http.ts";
import { sitesHttp } from "./http.ts";
import type { IssueHubAccessToken } from "./hub-access.ts";
import { checkSilentHubs } from "./hub-presence.ts";
import type { InviteMailer } from "./invites.ts";
import type { SiteLedgers } from "./ledger/types.ts";
import { closeLiveSockets } from "./live.ts";
import { liveHttp } from "./live-http.ts";
import { forgetMember } from "./members.ts";
import * as schema from "./schema.ts";
import { type SiteInfo, siteInfo } from "./site-info.ts";
import { listSiteMembers, listSitesOf, requireMembership, type SitesDb } from "./sites.ts";
import { hubsHttp } from "./sync-http.ts";

export interface SitesModuleDeps {
  db: SitesDb;
  ledgers: SiteLedgers;
  clock: Clock;
  mailer: InviteMailer;
  inviteUrl: string;
  issueHubAccessToken: IssueHubAccessToken;
  planLimits: PlanLimitCheck;
  jwks: () => Promise<{ keys: unknown[] }>;
  /** The site's QR-signing public keys (dispensing's), sent to its hubs as `qr` trusted keys. */
  qrKeys: (siteId: string) => Promise<Record<string, unknown>[]>;
  /** The cloud's time for a hub, signed by accounts (sent on every answer to the hub). */
  signTime: (hubId: string) => Promise<string>;
  people: (userIds: string[]) => Promise<{ userId: string; email: string; displayName: string | null }[]>;
  /** Every listed module's desired-state producers (this module's own among them). */
  producers: () => readonly BoundProducer[];
}

/** What other modules use of sites. */
export interface SitesServices {
  /** Who belongs to a site. */
  siteMembers(siteId: string): Promise<{ userId: string }[]>;
  /** Removes every membership of a person whose account is being deleted (hubs refuse them next version). */
  forgetMember(userId: string): Promise<{ sites: number }>;
  /** Closes the person's live sockets on every site (4401: their sign-ins were revoked). */
  closeLiveSockets(userId: string): Promise<void>;
  /** The person's role in the site; FORBIDDEN when not a member (or not one of `roles`). */
  memberRole(siteId: string, userId: string, roles?: readonly SiteRole[]): Promise<SiteRole>;
  /** Queues a remote action of another module's kind for the site's hub (the module vouches for `target`). */
  requestAction(
    input: Parameters<typeof requestSiteAction>[1],
  ): Promise<{ actionId: string; status: "PENDING" }>;
  /** A site's name, time zone and unit names; null when there is no such site. */
  siteInfo(siteId: string): Promise<SiteInfo | null>;
  /** Pushes a notification to the person's live sockets on the site (best effort; the bell also polls). */
  pushToMember(siteId: string, userId: string, message: LiveMessage): Promise<void>;
  /** The sites a person belongs to, with their zone (an organisation's view is its people's sites). */
  sitesOf(userId: string): Promise<{ id: string; name: string; timeZone: string }[]>;
  /** The person's role at the site, or null when they are not a member. */
  roleOf(siteId: string, userId: string): Promise<SiteRole | null>;
  /** The site's equipment as its ledger holds it. */
  equipment(siteId: string): Promise<EquipmentView[]>;
}

declare module "../module/index.ts" {
  interface CloudServices {
    sites: SitesServices;
  }
}

// The sites producers read only part of the module's dependencies.
const PRODUCERS: readonly DesiredStateProducer<SitesModuleDeps>[] = SITES_PRODUCERS;

export const sitesModule = defineCloudModule({
  name: "sites",
  database: { binding: "SITES_DB", name: "outpost-sites", migrations: "cloud/sites/migrations", schema },
  deps: (ctx): SitesModuleDeps => ({
    db: ctx.db as SitesDb,
    ledgers: ctx.platform.ledgers,
    clock: ctx.clock,
    mailer: { send: (message) => ctx.service("notifications").mailer.send(message) },
    inviteUrl: new URL("/invites", ctx.config.appUrl).toString(),
    issueHubAccessToken: (input) => ctx.service("accounts").issueHubAccessToken(input),
    planLimits: (accountId, limit, used) => ctx.service("billing").planLimits(accountId, limit, used),
    jwks: () => ctx.service("accounts").jwks(),
    qrKeys: (siteId) => ctx.service("dispensing").qrKeys(siteId),
    signTime: (hubId) => ctx.service("accounts").signTime(hubId),
    people: (userIds) => ctx.service("accounts").people(userIds),
    producers: () => ctx.desiredState(),
  }),
  services: (deps): SitesServices => ({
    siteMembers: (siteId) => listSiteMembers(deps, siteId),
    forgetMember: (userId) => forgetMember(deps, userId),
    closeLiveSockets: (userId) => closeLiveSockets(deps, userId),
    memberRole: (siteId, userId, roles) => requireMembership(deps, { siteId, userId, roles }),
    requestAction: (input) => requestSiteAction(deps, input),
    siteInfo: (siteId) => siteInfo(deps, siteId),
    sitesOf: (userId) => listSitesOf(deps, userId),
    pushToMember: (siteId, userId, message) => deps.ledgers.sendTo(siteId, userId, message),
    roleOf: (siteId, userId) =>
      // Only "not a member" answers null; a database failure still throws.
      requireMembership(deps, { siteId, userId }).catch((err) => {
        if (err instanceof AppError && err.code === "FORBIDDEN") return null;
        throw err;
      }),
    equipment: (siteId) => deps.ledgers.equipment(siteId),
  }),
  routes: (deps, { requireUser, verifyAccessToken }) => [
    // First: the live socket authenticates from its subprotocol list, not the Authorization header.
    liveHttp({ ...deps, requireUser, verifyAccessToken }),
    sitesHttp({ ...deps, requireUser }),
    siteAccessHttp({ ...deps, requireUser }),
    // Before the downlink routes: its middleware signs the cloud's time onto every answer to a hub.
    hubsHttp(deps),
    downlinkHttp({ ...deps, requireUser }),
  ],
  desiredState: PRODUCERS,
  notifications: SITES_NOTIFICATIONS,
  scheduled: async (deps) => ({
    purgedClaimCodes: await purgeExpiredClaimCodes(deps),
    hubsFoundSilent: await checkSilentHubs(deps),
  }),
  outbox: schema.outbox,
});
