/** The owner app: routes, the frame around every page, and the guard that sends signed-out people to sign in. */
import { render } from "preact";
import "../../shared/ui/styles.css";
import { currentPath, Link, navigate, Router } from "../../shared/ui/router.tsx";
import { session } from "./api.ts";
import { keepLinkToken } from "./link-token.ts";
import { Account } from "./pages/account.tsx";
import { SiteAnalytics } from "./pages/analytics.tsx";
import { ForgotPassword, ResetPassword, SignIn, SignUp, VerifyEmail } from "./pages/auth.tsx";
import { Billing } from "./pages/billing.tsx";
import { OrganisationPage, Organisations } from "./pages/bookings.tsx";
import { SiteHeating } from "./pages/heating.tsx";
import { Hubs } from "./pages/hubs.tsx";
import { Bell, NotificationCentre, NotificationPreferences } from "./pages/notifications.tsx";
import { PairDevice } from "./pages/pair-device.tsx";
import { AcceptInvite, People } from "./pages/people.tsx";
import { ProviderPage } from "./pages/provider.tsx";
import { UnitReport } from "./pages/record.tsx";
import { ServiceRequests } from "./pages/service.tsx";
import { ServiceRequestPage } from "./pages/service-request.tsx";
import { Shop } from "./pages/shop.tsx";
import { Dashboard, SiteAlarms, SiteFrame } from "./pages/site.tsx";
import { SiteSettings } from "./pages/site-settings.tsx";
import { Sites } from "./pages/sites.tsx";
import { SupportTicketPage, SupportTickets } from "./pages/support.tsx";
import { Unit } from "./pages/unit.tsx";
import { UnitSettingsPage } from "./pages/unit-settings.tsx";

const PUBLIC = ["/sign-in", "/sign-up", "/verify-email", "/forgot-password", "/reset-password"];

function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        <Link href="/">Go to your sites</Link>
      </p>
    </>
  );
}

function App() {
  const path = currentPath.value.split("?")[0]!;
  const signedIn = session.value !== null;
  if (!signedIn && !PUBLIC.includes(path)) {
    queueMicrotask(() =>
      navigate(`/sign-in${path === "/" ? "" : `?next=${encodeURIComponent(currentPath.value)}`}`, true),
    );
    return null;
  }
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/" class="brand">
          Outpost
        </Link>
        {signedIn && (
          <nav aria-label="Main">
            <Link href="/">Sites</Link>
            <Link href="/bookings">Bookings</Link>
            <Link href="/provider">Service provider</Link>
            <Link href="/support">Support</Link>
            <Link href="/billing">Billing</Link>
            <Link href="/account">Account</Link>
            <Bell />
          </nav>
        )}
      </header>
      <main id="main">
        <Router
          fallback={<NotFound />}
          routes={[
            { path: "/sign-in", render: () => <SignIn /> },
            { path: "/sign-up", render: () => <SignUp /> },
            { path: "/forgot-password", render: () => <ForgotPassword /> },
            { path: "/reset-password", render: () => <ResetPassword /> },
            { path: "/verify-email", render: () => <VerifyEmail /> },
            { path: "/", render: () => <Sites /> },
            { path: "/account", render: () => <Account /> },
            { path: "/billing", render: () => <Billing /> },
            { path: "/bookings", render: () => <Organisations /> },
            { path: "/bookings/:orgId", render: (p) => <OrganisationPage orgId={p.orgId!} /> },
            { path: "/invites", render: () => <AcceptInvite /> },
            { path: "/provider", render: () => <ProviderPage /> },
            { path: "/support", render: () => <SupportTickets /> },
            { path: "/support/:ticketId", render: (p) => <SupportTicketPage ticketId={p.ticketId!} /> },
            {
              path: "/sites/:siteId/service",
              render: (p) => <SiteFrame siteId={p.siteId!}>{(s) => <ServiceRequests site={s} />}</SiteFrame>,
            },
            {
              path: "/sites/:siteId/service/:requestId",
              render: (p) => (
                <SiteFrame siteId={p.siteId!}>
                  {(s) => <ServiceRequestPage site={s} requestId={p.requestId!} />}
                </SiteFrame>
              ),
            },
            { path: "/notifications", render: () => <NotificationCentre /> },
            { path: "/notifications/preferences", render: () => <NotificationPreferences /> },
            {
              path: "/sites/:siteId/analytics",
              render: (p) => <SiteFrame siteId={p.siteId!}>{(s) => <SiteAnalytics site={s} />}</SiteFrame>,
            },
            {
              path: "/sites/:siteId",
              render: (p) => <SiteFrame siteId={p.siteId!}>{(s) => <Dashboard site={s} />}</SiteFrame>,
            },
            {
              path: "/sites/:siteId/alarms",
              render: (p) => <SiteFrame siteId={p.siteId!}>{(s) => <SiteAlarms site={s} />}</SiteFrame>,
            },
            {
              path: "/sites/:siteId/people",
              render: (p) => <SiteFrame siteId={p.siteId!}>{(s) => <People site={s} />}</SiteFrame>,
            },
            {
              path: "/sites/:siteId/heating",
              render: (p) => <SiteFrame siteId={p.siteId!}>{(s) => <SiteHeating site={s} />}</SiteFrame>,
            },
            {
              path: "/sites/:siteId/shop",
              render: (p) => <SiteFrame siteId={p.siteId!}>{(s) => <Shop site={s} />}</SiteFrame>,
            },
            {
              path: "/sites/:siteId/devices",
              render: (p) => <SiteFrame siteId={p.siteId!}>{(s) => <PairDevice site={s} />}</SiteFrame>,
            },
            {
              path: "/sites/:siteId/settings",
              render: (p) => <SiteFrame siteId={p.siteId!}>{(s) => <SiteSettings site={s} />}</SiteFrame>,
            },
            {
              path: "/sites/:siteId/hubs",
              render: (p) => <SiteFrame siteId={p.siteId!}>{(s) => <Hubs site={s} />}</SiteFrame>,
            },
            {
              path: "/sites/:siteId/units/:equipmentId",
              render: (p) => (
                <SiteFrame siteId={p.siteId!}>
                  {(s) => <Unit site={s} equipmentId={p.equipmentId!} />}
                </SiteFrame>
              ),
            },
            {
              path: "/sites/:siteId/units/:equipmentId/settings",
              render: (p) => (
                <SiteFrame siteId={p.siteId!}>
                  {(s) => <UnitSettingsPage site={s} equipmentId={p.equipmentId!} />}
                </SiteFrame>
              ),
            },
            {
              path: "/sites/:siteId/units/:equipmentId/report",
              render: (p) => (
                <SiteFrame siteId={p.siteId!}>
                  {(s) => <UnitReport site={s} equipmentId={p.equipmentId!} />}
                </SiteFrame>
              ),
            },
          ]}
        />
      </main>
    </>
  );
}

// Before the first route: a mailed link's token must be kept before the guard sends a signed-out person away.
keepLinkToken();
render(<App />, document.getElementById("app")!);
