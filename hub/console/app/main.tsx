/** The hub console: a technician's screen on the hub itself (works with no internet). */
import "../../../shared/ui/no-eval.ts";
import { render } from "preact";
import { useEffect } from "preact/hooks";
import "../../../shared/ui/styles.css";
import { useSignal } from "@preact/signals";
import { ErrorNote, Loading } from "../../../shared/ui/components.tsx";
import { Link, Router } from "../../../shared/ui/router.tsx";
import { hub, type Me, me } from "./api.ts";
import { connectLive } from "./live.ts";
import { Alarms } from "./pages/alarms.tsx";
import { Counter, Sales, Stock } from "./pages/counter.tsx";
import { DeviceDetail, Devices } from "./pages/devices.tsx";
import { EquipmentDetail, EquipmentList } from "./pages/equipment.tsx";
import { Heating } from "./pages/heating.tsx";
import { SignIn } from "./pages/signin.tsx";
import { Sync } from "./pages/sync.tsx";
import { UnitSettingsPage } from "./pages/unit-settings.tsx";
import { Visits } from "./pages/visit.tsx";

/** What each hub role lets a person do, in the words a technician reads. */
const ROLE_WORDS: Record<Me["role"], string> = {
  read: "can view",
  operate: "can act on alarms and devices",
  admin: "hub admin",
};

function App() {
  const error = useSignal<unknown>(null);
  useEffect(() => {
    hub.loadMe().catch((err) => (error.value = err));
  }, []);
  const who = me.value;
  // The live socket lives exactly as long as a signed-in session: signing out closes it.
  const signedIn = !!who;
  useEffect(() => (signedIn ? connectLive() : undefined), [signedIn]);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/" class="brand">
          Outpost hub
        </Link>
        {who && (
          <>
            {who.technician ? (
              <nav aria-label="Main">
                <Link href="/">Visits</Link>
              </nav>
            ) : (
              <nav aria-label="Main">
                <Link href="/">Equipment</Link>
                <Link href="/alarms">Alarms</Link>
                <Link href="/devices">Devices</Link>
                <Link href="/heating">Heating</Link>
                <Link href="/sync">Sync</Link>
                <Link href="/counter">Counter</Link>
                <Link href="/visits">Visits</Link>
              </nav>
            )}
            <div class="who">
              <span data-testid="signed-in-as">
                {who.name}{" "}
                <span class="role">
                  ({who.technician ? "technician, this visit only" : ROLE_WORDS[who.role]})
                </span>
              </span>
              <button type="button" class="link" onClick={() => hub.signOut()}>
                Sign out
              </button>
            </div>
          </>
        )}
      </header>
      <main id="main">
        <ErrorNote error={error.value} />
        {who === undefined ? (
          !error.value && <Loading />
        ) : who === null ? (
          <SignIn />
        ) : who.technician ? (
          // A technician's code session reaches the visit routes only; so does their screen.
          <Visits />
        ) : (
          <Router
            fallback={<h1>Page not found</h1>}
            routes={[
              { path: "/", render: () => <EquipmentList /> },
              { path: "/equipment/:id", render: (p) => <EquipmentDetail id={p.id!} /> },
              { path: "/equipment/:id/settings", render: (p) => <UnitSettingsPage id={p.id!} /> },
              { path: "/alarms", render: () => <Alarms /> },
              { path: "/devices", render: () => <Devices /> },
              { path: "/devices/:id", render: (p) => <DeviceDetail id={p.id!} /> },
              { path: "/sync", render: () => <Sync /> },
              { path: "/heating", render: () => <Heating /> },
              { path: "/counter", render: () => <Counter /> },
              { path: "/counter/stock", render: () => <Stock /> },
              { path: "/counter/sales", render: () => <Sales /> },
              { path: "/visits", render: () => <Visits /> },
            ]}
          />
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById("app")!);
