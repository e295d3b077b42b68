/** The owner app's typed cloud client: every URL and the token handling live here, never in pages. */
import { signal } from "@preact/signals";
import { BEARER_PROTOCOL_PREFIX, LIVE_PROTOCOL } from "../../shared/live/index.ts";
import { ApiError, type RequestOptions, requestJson, seg } from "../../shared/ui/api.ts";
import type {
  AlarmView,
  Balance,
  ClaimCode,
  EquipmentView,
  HistoryRange,
  HistoryView,
  Hub,
  Invite,
  Invoice,
  Member,
  Payment,
  Plan,
  RemoteAction,
  Session,
  Site,
  SiteRole,
  Space,
  Subscription,
  TotpSetup,
  TwoFactorChallenge,
  User,
} from "./types.ts";

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
  refreshing ??= requestJson<Session>("", "/v1/accounts/refresh", {
    method: "POST",
    body: { refreshToken: s.refreshToken },
  })
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

/** An authenticated call; one 401 triggers one refresh and one retry. */
async function authed<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const call = async () =>
    requestJson<T>("", path, { ...opts, headers: { authorization: `Bearer ${await accessToken()}` } });
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || !session.value) throw err;
    await refresh();
    return call();
  }
}

const site = (siteId: string) => `/v1/sites/${seg(siteId)}`;

export const api = {
  /** Answers alike for new and known addresses and starts no session: the account mails a verification link. */
  async signUp(email: string, password: string): Promise<void> {
    await requestJson<unknown>("", "/v1/accounts/sign-up", { method: "POST", body: { email, password } });
  },
  verifyEmail: (token: string) =>
    requestJson<void>("", "/v1/accounts/verify-email", { method: "POST", body: { token } }),
  /** Signs in, or answers the 2FA challenge to complete with `signInTwoFactor`. */
  async signIn(email: string, password: string): Promise<TwoFactorChallenge | null> {
    const r = await requestJson<Session | TwoFactorChallenge>("", "/v1/accounts/sign-in", {
      method: "POST",
      body: { email, password },
    });
    if ("twoFactorRequired" in r) return r;
    store(r);
    return null;
  },
  async signInTwoFactor(challengeToken: string, code: string): Promise<void> {
    const factor = /^\d{6}$/.test(code.trim()) ? { code: code.trim() } : { recoveryCode: code.trim() };
    store(
      await requestJson<Session>("", "/v1/accounts/sign-in/two-factor", {
        method: "POST",
        body: { challengeToken, ...factor },
      }),
    );
  },
  async signOut(): Promise<void> {
    const s = session.value;
    forget();
    if (s)
      await requestJson("", "/v1/accounts/sign-out", {
        method: "POST",
        body: { refreshToken: s.refreshToken },
      }).catch(() => {});
  },
  requestPasswordReset: (email: string) =>
    requestJson<void>("", "/v1/accounts/password-reset", { method: "POST", body: { email } }),
  confirmPasswordReset: (token: string, newPassword: string) =>
    requestJson<void>("", "/v1/accounts/password-reset/confirm", {
      method: "POST",
      body: { token, newPassword },
    }),
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await authed<void>("/v1/accounts/password", { method: "POST", body: { currentPassword, newPassword } });
    // Every sign-in of the account ended, this one included.
    forget();
  },

  twoFactorStatus: () => authed<{ enabled: boolean; recoveryCodesLeft: number }>("/v1/accounts/two-factor"),
  twoFactorSetup: () => authed<TotpSetup>("/v1/accounts/two-factor/setup", { method: "POST" }),
  twoFactorEnable: (code: string) =>
    authed<{ recoveryCodes: string[] }>("/v1/accounts/two-factor/enable", { method: "POST", body: { code } }),
  twoFactorDisable: (password: string, code: string) =>
    authed<void>("/v1/accounts/two-factor/disable", { method: "POST", body: { password, code } }),

  sites: async () => (await authed<{ sites: Site[] }>("/v1/sites")).sites,
  site: (siteId: string) => authed<Site>(site(siteId)),
  createSite: (name: string) => authed<Site>("/v1/sites", { method: "POST", body: { name } }),
  renameSite: (siteId: string, name: string) =>
    authed<Site>(site(siteId), { method: "PATCH", body: { name } }),

  equipment: async (siteId: string) =>
    (await authed<{ equipment: EquipmentView[] }>(`${site(siteId)}/equipment`)).equipment,
  alarms: async (siteId: string, status: "open" | "all" = "open") =>
    (await authed<{ alarms: AlarmView[] }>(`${site(siteId)}/alarms`, { query: { status } })).alarms,
  history: (siteId: string, equipmentId: string, range: HistoryRange) =>
    authed<HistoryView>(`${site(siteId)}/equipment/${seg(equipmentId)}/history`, { query: { range } }),

  acknowledge: (siteId: string, alarmId: string, note?: string) =>
    authed<{ actionId: string; status: "PENDING" }>(`${site(siteId)}/alarms/${seg(alarmId)}/acknowledge`, {
      method: "POST",
      body: note ? { note } : {},
    }),
  close: (siteId: string, alarmId: string, correctiveAction: string) =>
    authed<{ actionId: string; status: "PENDING" }>(`${site(siteId)}/alarms/${seg(alarmId)}/close`, {
      method: "POST",
      body: { correctiveAction },
    }),
  actions: async (siteId: string, status: "pending" | "all" = "pending") =>
    (await authed<{ actions: RemoteAction[] }>(`${site(siteId)}/actions`, { query: { status } })).actions,

  members: async (siteId: string) => (await authed<{ members: Member[] }>(`${site(siteId)}/members`)).members,
  changeRole: (siteId: string, memberId: string, role: SiteRole) =>
    authed<Member>(`${site(siteId)}/members/${seg(memberId)}`, { method: "PATCH", body: { role } }),
  removeMember: (siteId: string, memberId: string) =>
    authed<void>(`${site(siteId)}/members/${seg(memberId)}`, { method: "DELETE" }),
  invites: async (siteId: string) => (await authed<{ invites: Invite[] }>(`${site(siteId)}/invites`)).invites,
  invite: (siteId: string, email: string, role: SiteRole) =>
    authed<Invite>(`${site(siteId)}/invites`, { method: "POST", body: { email, role } }),
  withdrawInvite: (siteId: string, inviteId: string) =>
    authed<void>(`${site(siteId)}/invites/${seg(inviteId)}`, { method: "DELETE" }),
  acceptInvite: (token: string) =>
    authed<{ siteId: string }>("/v1/invites/accept", { method: "POST", body: { token } }),
  spaces: async (siteId: string) => (await authed<{ spaces: Space[] }>(`${site(siteId)}/spaces`)).spaces,
  createSpace: (siteId: string, name: string) =>
    authed<Space>(`${site(siteId)}/spaces`, { method: "POST", body: { name } }),
  deleteSpace: (siteId: string, spaceId: string) =>
    authed<void>(`${site(siteId)}/spaces/${seg(spaceId)}`, { method: "DELETE" }),

  hubs: async (siteId: string) => (await authed<{ hubs: Hub[] }>(`${site(siteId)}/hubs`)).hubs,
  revokeHub: (siteId: string, hubId: string) =>
    authed<void>(`${site(siteId)}/hubs/${seg(hubId)}/revoke`, { method: "POST" }),
  claimCode: (siteId: string) => authed<ClaimCode>(`${site(siteId)}/claim-codes`, { method: "POST" }),
  /** C2: a hub-scoped token, for signing in on the site's hub console. */
  hubToken: (siteId: string) =>
    authed<{ token: string; expiresIn: number; hubId: string }>(`${site(siteId)}/hub-token`, {
      method: "POST",
    }),

  plans: async () => (await requestJson<{ plans: Plan[] }>("", "/v1/billing/plans")).plans,
  subscription: () => authed<Subscription>("/v1/billing/subscription"),
  /** Answers Stripe's (or the emulator's) hosted Checkout URL; the page sends the browser there. */
  checkout: (plan: string) =>
    authed<{ url: string; sessionId: string }>("/v1/billing/checkout", { method: "POST", body: { plan } }),
  changePlan: (plan: string) =>
    authed<Subscription>("/v1/billing/subscription/plan", { method: "POST", body: { plan } }),
  invoices: async () => (await authed<{ invoices: Invoice[] }>("/v1/billing/invoices")).invoices,
  payments: async () => (await authed<{ payments: Payment[] }>("/v1/billing/payments")).payments,
  balances: async () => (await authed<{ balances: Balance[] }>("/v1/billing/balance")).balances,
  /** The printable invoice is HTML behind the bearer token, so a plain link cannot open it: fetched, then shown. */
  async invoicePrintUrl(invoiceId: string): Promise<string> {
    const path = `/v1/billing/invoices/${seg(invoiceId)}/print`;
    const call = async () => fetch(path, { headers: { authorization: `Bearer ${await accessToken()}` } });
    let res = await call();
    if (res.status === 401 && session.value) {
      await refresh();
      res = await call();
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as {
        error?: { code: string; message: string };
      } | null;
      throw new ApiError(
        body?.error?.code ?? "BAD_RESPONSE",
        body?.error?.message ?? res.statusText,
        res.status,
      );
    }
    return URL.createObjectURL(new Blob([await res.text()], { type: "text/html" }));
  },

  /** The live-view socket of contract C5 (the token travels as a subprotocol: browsers cannot set headers). */
  async openLive(siteId: string): Promise<WebSocket> {
    const token = await accessToken();
    const url = new URL(`${site(siteId)}/live`, location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return new WebSocket(url, [LIVE_PROTOCOL, `${BEARER_PROTOCOL_PREFIX}${token}`]);
  },
};
