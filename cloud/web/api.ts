/**
 * The owner app's typed cloud client: Hono's `hc` over the cloud's own route types (./routes.ts), so a call
 * cannot drift from its route. Every URL, the token handling and the error shape (shared/ui/api.ts's
 * `fetchOk`) live here, never in pages.
 */
import { signal } from "@preact/signals";
import { hc } from "hono/client";
import type { HistoryRange } from "../../shared/live/index.ts";
import { BEARER_PROTOCOL_PREFIX, LIVE_PROTOCOL } from "../../shared/live/index.ts";
import type { SiteRole } from "../../shared/roles/index.ts";
import { ApiError, bodyOf, fetchOk } from "../../shared/ui/api.ts";
import type { PlanId } from "../billing/index.ts";
import type {
  AccountsRoutes,
  ActionsRoutes,
  AnalyticsRoutes,
  BillingRoutes,
  HeatingRoutes,
  HistoryRoutes,
  NotificationsRoutes,
  PushRoutes,
  SiteAccessRoutes,
  SitesRoutes,
  TwoFactorRoutes,
} from "./routes.ts";

// Same origin as the Worker that serves the app; the clients add the routes' own paths.
const ORIGIN = location.origin;
const open = { fetch: fetchOk };
const accounts = hc<AccountsRoutes>(ORIGIN, open);
const plansOnly = hc<BillingRoutes>(ORIGIN, open);

/** A 2xx answer's body, typed by its route (undefined for 204). */
const read = async <T>(pending: Promise<{ status: number; text(): Promise<string>; json(): Promise<T> }>) =>
  bodyOf<T>(await pending);

type Session = Extract<Awaited<ReturnType<typeof signInCall>>, { accessToken: string }>;
/** The signed-in user as the cloud describes them. */
export type User = Session["user"];
const signInCall = (email: string, password: string) =>
  read(accounts.v1.accounts["sign-in"].$post({ json: { email, password } }));

const KEY = "outpost.session";

interface Stored {
  user: User;
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string;
}

function load(): Stored | null {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "null") as Stored | null;
  } catch {
    return null;
  }
}

/** The signed-in user, or null; pages read it, only this module writes it. */
export const session = signal<Stored | null>(load());

function store(s: Session): void {
  const stored: Stored = {
    user: s.user,
    accessToken: s.accessToken,
    // Refresh a little early so a request never leaves with a token about to expire.
    accessExpiresAt: Date.now() + (s.expiresIn - 30) * 1000,
    refreshToken: s.refreshToken,
  };
  localStorage.setItem(KEY, JSON.stringify(stored));
  session.value = stored;
}

function forget(): void {
  localStorage.removeItem(KEY);
  session.value = null;
}

let refreshing: Promise<void> | null = null;
async function refresh(): Promise<void> {
  const s = session.value;
  if (!s) throw new ApiError("UNAUTHORIZED", "Please sign in.", 401);
  refreshing ??= read(accounts.v1.accounts.refresh.$post({ json: { refreshToken: s.refreshToken } }))
    .then(store)
    .catch((err) => {
      if (err instanceof ApiError && err.status === 401) forget();
      throw err;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** A valid access token, refreshed when it is about to expire. */
export async function accessToken(): Promise<string> {
  if (!session.value) throw new ApiError("UNAUTHORIZED", "Please sign in.", 401);
  if (Date.now() >= session.value.accessExpiresAt) await refresh();
  return session.value!.accessToken;
}

/** `fetchOk` with the bearer token; one 401 triggers one refresh and one retry. */
export async function authedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const call = async () => {
    const headers = new Headers(init?.headers);
    headers.set("authorization", `Bearer ${await accessToken()}`);
    return fetchOk(input, { ...init, headers });
  };
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || !session.value) throw err;
    await refresh();
    return call();
  }
}

const authed = { fetch: authedFetch };

/** The signed-in person's name as others see it (members lists, "acknowledged by", the hub's records). */
export const profile = {
  async name(): Promise<string | null> {
    const res = await authedFetch(`${ORIGIN}/v1/profiles/me`, { headers: { accept: "application/json" } });
    return (await bodyOf<{ owner: { displayName: string } | null }>(res)).owner?.displayName ?? null;
  },
  async setName(displayName: string): Promise<void> {
    await authedFetch(`${ORIGIN}/v1/profiles/owner`, {
      method: "PUT",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ displayName }),
    });
  },
};
const me = hc<AccountsRoutes>(ORIGIN, authed).v1.accounts;
const twoFactor = hc<TwoFactorRoutes>(ORIGIN, authed).v1.accounts["two-factor"];
const sites = hc<SitesRoutes>(ORIGIN, authed).v1;
const access = hc<SiteAccessRoutes>(ORIGIN, authed).v1;
const actions = hc<ActionsRoutes>(ORIGIN, authed).v1.sites[":siteId"];
const history = hc<HistoryRoutes>(ORIGIN, authed).v1.sites[":siteId"].equipment[":equipmentId"].history;
const record = hc<HistoryRoutes>(ORIGIN, authed).v1.sites[":siteId"].equipment[":equipmentId"].record;
const billing = hc<BillingRoutes>(ORIGIN, authed).v1.billing;
const heating = hc<HeatingRoutes>(ORIGIN, authed).v1.sites[":siteId"].heating.rooms;
const notifications = hc<NotificationsRoutes>(ORIGIN, authed).v1.notifications;
const analytics = hc<AnalyticsRoutes>(ORIGIN, authed).v1.analytics;
const push = hc<PushRoutes>(ORIGIN, authed).v1.notifications.push;
const site = (siteId: string) => ({ param: { siteId } });

export const api = {
  notifications: () => read(notifications.$get()),
  markRead: (ids?: string[]) => read(notifications.read.$post({ json: ids ? { ids } : {} })),
  notificationPreferences: () => read(notifications.preferences.$get()),
  saveNotificationPreferences: (json: Parameters<typeof notifications.preferences.$put>[0]["json"]) =>
    read(notifications.preferences.$put({ json })),
  pushKey: () => read(push.key.$get()),
  pushDevices: () => read(push.subscriptions.$get()),
  subscribePush: (json: Parameters<typeof push.subscriptions.$post>[0]["json"]) =>
    read(push.subscriptions.$post({ json })),
  unsubscribePush: (endpoint: string) => read(push.subscriptions.$delete({ json: { endpoint } })),
  siteAnalytics: (siteId: string, from: string, to: string) =>
    read(analytics.sites[":siteId"].$get({ param: { siteId }, query: { from, to } })),
  organisationAnalytics: (orgId: string, from: string, to: string) =>
    read(analytics.organisations[":orgId"].$get({ param: { orgId }, query: { from, to } })),
  async organisationAnalyticsCsv(orgId: string, from: string, to: string): Promise<Blob> {
    const res = await analytics.organisations[":orgId"]["export.csv"].$get({
      param: { orgId },
      query: { from, to },
    });
    return res.blob();
  },
  /** The CSV as a file the browser saves (the token travels in the header, never in a link). */
  async analyticsCsv(
    siteId: string,
    from: string,
    to: string,
    table: "compliance" | "daily" | "rows",
  ): Promise<Blob> {
    const res = await analytics.sites[":siteId"]["export.csv"].$get({
      param: { siteId },
      query: { from, to, table },
    });
    return res.blob();
  },
  /** Answers alike for new and known addresses and starts no session: the account mails a verification link. */
  async signUp(email: string, password: string): Promise<void> {
    await read(accounts.v1.accounts["sign-up"].$post({ json: { email, password } }));
  },
  /** Spends a verification token; a session open in this tab is refreshed so its token says "verified". */
  async verifyEmail(token: string): Promise<void> {
    await read(accounts.v1.accounts["verify-email"].$post({ json: { token } }));
    if (session.value) await refresh().catch(() => {});
  },
  /** Signs in, or answers the 2FA challenge to complete with `signInTwoFactor`. */
  async signIn(email: string, password: string) {
    const r = await signInCall(email, password);
    if ("twoFactorRequired" in r) return r;
    store(r);
    return null;
  },
  async signInTwoFactor(challengeToken: string, code: string): Promise<void> {
    const factor = /^\d{6}$/.test(code.trim()) ? { code: code.trim() } : { recoveryCode: code.trim() };
    store(
      await read(
        accounts.v1.accounts["sign-in"]["two-factor"].$post({ json: { challengeToken, ...factor } }),
      ),
    );
  },
  async signOut(): Promise<void> {
    const s = session.value;
    forget();
    if (s)
      await read(accounts.v1.accounts["sign-out"].$post({ json: { refreshToken: s.refreshToken } })).catch(
        () => {},
      );
  },
  requestPasswordReset: (email: string) =>
    read(accounts.v1.accounts["password-reset"].$post({ json: { email } })),
  confirmPasswordReset: (token: string, newPassword: string) =>
    read(accounts.v1.accounts["password-reset"].confirm.$post({ json: { token, newPassword } })),
  /** Mails a link to the new address; the account moves there when it is followed. */
  changeEmail: (email: string, password: string) => read(me.email.$post({ json: { email, password } })),
  /** Deletes the account (refused, in words, while it is the only owner of a site with other members). */
  async deleteAccount(password: string): Promise<void> {
    await read(me.me.$delete({ json: { password } }));
    forget();
  },
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await read(me.password.$post({ json: { currentPassword, newPassword } }));
    // Every sign-in of the account ended, this one included.
    forget();
  },

  twoFactorStatus: () => read(twoFactor.$get()),
  twoFactorSetup: () => read(twoFactor.setup.$post()),
  twoFactorEnable: (code: string) => read(twoFactor.enable.$post({ json: { code } })),
  twoFactorDisable: (password: string, code: string) =>
    read(twoFactor.disable.$post({ json: { password, code } })),

  heatingRooms: async (siteId: string) => (await read(heating.$get(site(siteId)))).rooms,
  heatingAddRoom: (siteId: string, json: Parameters<typeof heating.$post>[0]["json"]) =>
    read(heating.$post({ ...site(siteId), json })),
  heatingPutRoom: (siteId: string, roomId: string, json: Parameters<typeof heating.$post>[0]["json"]) =>
    read(heating[":roomId"].$put({ param: { siteId, roomId }, json })),
  heatingBoost: (siteId: string, roomId: string, setPoint: number, minutes: number) =>
    read(heating[":roomId"].boost.$post({ param: { siteId, roomId }, json: { setPoint, minutes } })),
  heatingSetPoint: (siteId: string, roomId: string, setPoint: number) =>
    read(heating[":roomId"].setpoint.$post({ param: { siteId, roomId }, json: { setPoint } })),

  sites: async () => (await read(sites.sites.$get())).sites,
  site: (siteId: string) => read(sites.sites[":siteId"].$get(site(siteId))),
  createSite: (name: string) => read(sites.sites.$post({ json: { name } })),
  renameSite: (siteId: string, name: string) =>
    read(sites.sites[":siteId"].$patch({ ...site(siteId), json: { name } })),
  updateSite: (siteId: string, json: { name?: string; timeZone?: string }) =>
    read(sites.sites[":siteId"].$patch({ ...site(siteId), json })),
  /** Deletes the site; `name` repeats its name, as the person typed it to confirm. */
  deleteSite: (siteId: string, name: string) =>
    read(sites.sites[":siteId"].$delete({ ...site(siteId), json: { name } })),
  /** Pairs a device from the cloud (OWNER); the secret is in this answer only. */
  pairDevice: (siteId: string, json: Parameters<typeof actions.devices.$post>[0]["json"]) =>
    read(actions.devices.$post({ ...site(siteId), json })),

  equipment: async (siteId: string) =>
    (await read(sites.sites[":siteId"].equipment.$get(site(siteId)))).equipment,
  /** The alarm rule settings the cloud sends down for one unit ({} when none). */
  unitRules: (siteId: string, equipmentId: string) =>
    read(actions.equipment[":equipmentId"].rules.$get({ param: { siteId, equipmentId } })),
  /** A unit's name, type and range (OWNER), then its alarm rules: both reach the hub at its next sync. */
  async saveUnit(
    siteId: string,
    equipmentId: string,
    equipment: Parameters<(typeof actions.equipment)[":equipmentId"]["$put"]>[0]["json"],
    rules: Record<string, number>,
  ) {
    const param = { siteId, equipmentId };
    await read(actions.equipment[":equipmentId"].$put({ param, json: equipment }));
    return read(actions.equipment[":equipmentId"].rules.$put({ param, json: rules }));
  },
  alarms: async (siteId: string, status: "open" | "all" = "open") =>
    (await read(sites.sites[":siteId"].alarms.$get({ ...site(siteId), query: { status } }))).alarms,
  history: (siteId: string, equipmentId: string, range: HistoryRange) =>
    read(history.$get({ param: { siteId, equipmentId }, query: { range } })),
  /** The food-safety record of the last `days` local days (the shared computation, judged against the hub's range). */
  record: (siteId: string, equipmentId: string, days: number) =>
    read(record.$get({ param: { siteId, equipmentId }, query: { days: String(days) } })),

  acknowledge: (siteId: string, alarmId: string, note?: string) =>
    read(
      actions.alarms[":alarmId"].acknowledge.$post({
        param: { siteId, alarmId },
        json: note ? { note } : {},
      }),
    ),
  close: (siteId: string, alarmId: string, correctiveAction: string) =>
    read(actions.alarms[":alarmId"].close.$post({ param: { siteId, alarmId }, json: { correctiveAction } })),
  actions: async (siteId: string, status: "pending" | "all" = "pending") =>
    (await read(actions.actions.$get({ ...site(siteId), query: { status } }))).actions,

  members: async (siteId: string) => (await read(access.sites[":siteId"].members.$get(site(siteId)))).members,
  changeRole: (siteId: string, memberId: string, role: SiteRole) =>
    read(
      access.sites[":siteId"].members[":memberId"].$patch({ param: { siteId, memberId }, json: { role } }),
    ),
  removeMember: (siteId: string, memberId: string) =>
    read(access.sites[":siteId"].members[":memberId"].$delete({ param: { siteId, memberId } })),
  invites: async (siteId: string) => (await read(access.sites[":siteId"].invites.$get(site(siteId)))).invites,
  invite: (siteId: string, email: string, role: SiteRole) =>
    read(access.sites[":siteId"].invites.$post({ ...site(siteId), json: { email, role } })),
  withdrawInvite: (siteId: string, inviteId: string) =>
    read(access.sites[":siteId"].invites[":inviteId"].$delete({ param: { siteId, inviteId } })),
  acceptInvite: (token: string) => read(access.invites.accept.$post({ json: { token } })),
  spaces: async (siteId: string) => (await read(access.sites[":siteId"].spaces.$get(site(siteId)))).spaces,
  createSpace: (siteId: string, name: string) =>
    read(access.sites[":siteId"].spaces.$post({ ...site(siteId), json: { name } })),
  deleteSpace: (siteId: string, spaceId: string) =>
    read(access.sites[":siteId"].spaces[":spaceId"].$delete({ param: { siteId, spaceId } })),

  hubs: async (siteId: string) => (await read(sites.sites[":siteId"].hubs.$get(site(siteId)))).hubs,
  revokeHub: (siteId: string, hubId: string) =>
    read(sites.sites[":siteId"].hubs[":hubId"].revoke.$post({ param: { siteId, hubId } })),
  claimCode: (siteId: string) => read(sites.sites[":siteId"]["claim-codes"].$post(site(siteId))),
  /** C2: a hub-scoped token, for signing in on the site's hub console. */
  hubToken: (siteId: string) =>
    read(sites.sites[":siteId"]["hub-token"].$post({ ...site(siteId), json: {} })),

  plans: async () => (await read(plansOnly.v1.billing.plans.$get())).plans,
  subscription: () => read(billing.subscription.$get()),
  /** Answers Stripe's (or the emulator's) hosted Checkout URL; the page sends the browser there. */
  checkout: (plan: PlanId) => read(billing.checkout.$post({ json: { plan } })),
  changePlan: (plan: PlanId) => read(billing.subscription.plan.$post({ json: { plan } })),
  invoices: async () => (await read(billing.invoices.$get())).invoices,
  payments: async () => (await read(billing.payments.$get())).payments,
  balances: async () => (await read(billing.balance.$get())).balances,
  /** The printable invoice is HTML behind the bearer token, so a plain link cannot open it: fetched, then shown. */
  async invoicePrintUrl(invoiceId: string): Promise<string> {
    const res = await billing.invoices[":invoiceId"].print.$get({ param: { invoiceId } });
    return URL.createObjectURL(new Blob([await res.text()], { type: "text/html" }));
  },

  /** The live-view socket of contract C5 (the token travels as a subprotocol: browsers cannot set headers). */
  /**
   * `renew`: refresh the access token first (the server closed the last socket with 4401): a sign-in revoked
   * by a sign-out or password change elsewhere then ends here at once instead of at its token's expiry.
   */
  async openLive(siteId: string, options: { renew?: boolean } = {}): Promise<WebSocket> {
    if (options.renew) await refresh();
    const token = await accessToken();
    const url = new URL(hc<HistoryRoutes>(ORIGIN).v1.sites[":siteId"].live.$url(site(siteId)));
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return new WebSocket(url, [LIVE_PROTOCOL, `${BEARER_PROTOCOL_PREFIX}${token}`]);
  },
};
