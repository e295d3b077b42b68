/**
 * The cloud routes the owner app calls, as types only: the typed client (`hc`) is derived from the route
 * factories themselves, so a page cannot drift from its route. Nothing of the Worker reaches the bundle.
 */
import type { accountsHttp, twoFactorHttp } from "../accounts/index.ts";
import type { analyticsHttp } from "../analytics/http.ts";
import type { billingHttp } from "../billing/index.ts";
import type { bookingsHttp } from "../bookings/http.ts";
import type { bookingFlowHttp } from "../bookings/http-bookings.ts";
import type { heatingHttp } from "../heating/http.ts";
import type { notificationsHttp } from "../notifications/http.ts";
import type { pushHttp } from "../notifications/push-http.ts";
import type { downlinkHttp, liveHttp, siteAccessHttp, sitesHttp } from "../sites/index.ts";

export type AccountsRoutes = ReturnType<typeof accountsHttp>;
export type TwoFactorRoutes = ReturnType<typeof twoFactorHttp>;
export type SitesRoutes = ReturnType<typeof sitesHttp>;
export type SiteAccessRoutes = ReturnType<typeof siteAccessHttp>;
export type ActionsRoutes = ReturnType<typeof downlinkHttp>;
export type HistoryRoutes = ReturnType<typeof liveHttp>;
export type BillingRoutes = ReturnType<typeof billingHttp>;
export type BookingsRoutes = ReturnType<typeof bookingsHttp>;
export type BookingFlowRoutes = ReturnType<typeof bookingFlowHttp>;
export type HeatingRoutes = ReturnType<typeof heatingHttp>;
export type DispensingRoutes = ReturnType<typeof import("../dispensing/http.ts").dispensingHttp>;
export type NotificationsRoutes = ReturnType<typeof notificationsHttp>;
export type PushRoutes = ReturnType<typeof pushHttp>;
export type AnalyticsRoutes = ReturnType<typeof analyticsHttp>;
