/** The notification bell, the notification centre and the preferences (channels per category, quiet hours, digest). */
import { useEffect, useState } from "preact/hooks";
import { Async, ErrorNote, PageTitle, useAsync } from "../../../shared/ui/components.tsx";
import { formatTime } from "../../../shared/ui/format.ts";
import { Link, navigate } from "../../../shared/ui/router.tsx";
import { api } from "../api.ts";
import { arrivals, refreshUnread, unread } from "../bell.ts";
import { currentPush, disablePush, enablePush, pushSupported } from "../push.ts";

export function Bell() {
  useEffect(() => {
    void refreshUnread();
    const t = setInterval(refreshUnread, 60_000);
    return () => clearInterval(t);
  }, []);
  const n = unread.value ?? 0;
  return (
    <Link href="/notifications">
      Notifications
      {n > 0 && (
        <>
          {" "}
          <span class="badge error" data-testid="unread">
            {n}
          </span>
          <span class="sr-only"> unread</span>
        </>
      )}
    </Link>
  );
}

type Item = Awaited<ReturnType<typeof api.notifications>>["notifications"][number];

export function NotificationCentre() {
  const list = useAsync(() => api.notifications(), [arrivals.value]);
  async function open(n: Item) {
    if (!n.read) unread.value = (await api.markRead([n.id])).unread;
    if (n.link) navigate(n.link);
  }
  async function readAll() {
    unread.value = (await api.markRead()).unread;
    list.reload();
  }
  return (
    <>
      <PageTitle>Notifications</PageTitle>
      <p class="row">
        <button type="button" onClick={readAll}>
          Mark all read
        </button>
        <Link href="/notifications/preferences">What reaches me, and when</Link>
      </p>
      <Async state={list}>
        {({ notifications }) =>
          notifications.length === 0 ? (
            <p class="muted">Nothing yet.</p>
          ) : (
            <ul class="notifications" data-testid="notifications">
              {notifications.map((n) => (
                <li key={n.id} class={n.read ? "" : "unread"}>
                  <button type="button" class="link" onClick={() => open(n)} data-testid="notification">
                    <strong>{n.title}</strong>
                  </button>
                  {n.critical && <span class="badge error">critical</span>}
                  <div>{n.body}</div>
                  <div class="muted">{formatTime(n.createdAt, n.timeZone ?? undefined)}</div>
                </li>
              ))}
            </ul>
          )
        }
      </Async>
    </>
  );
}

type Prefs = Awaited<ReturnType<typeof api.notificationPreferences>>;
type Channel = keyof Prefs["categories"][number]["channels"];
const CHANNEL_LABELS: Record<Channel, string> = { in_app: "in the app", email: "email", push: "push" };
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const minutes = (v: string) => {
  const [h, m] = v.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

export function NotificationPreferences() {
  const prefs = useAsync(() => api.notificationPreferences(), []);
  return (
    <>
      <PageTitle>Notification preferences</PageTitle>
      <Async state={prefs}>{(p) => <PrefsForm initial={p} />}</Async>
      <PushDevice />
    </>
  );
}

function PrefsForm({ initial }: { initial: Prefs }) {
  const [p, setP] = useState(initial);
  const [quiet, setQuiet] = useState(initial.quiet !== null);
  const [state, setState] = useState<"idle" | "saved" | unknown>("idle");
  const zone = p.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const setChannel = (id: string, ch: Channel, on: boolean) =>
    setP({
      ...p,
      categories: p.categories.map((c) =>
        c.id === id ? { ...c, channels: { ...c.channels, [ch]: on } } : c,
      ),
    });
  async function save(e: Event) {
    e.preventDefault();
    try {
      const saved = await api.saveNotificationPreferences({
        quiet: quiet ? (p.quiet ?? { start: 22 * 60, end: 7 * 60 }) : null,
        timeZone: zone,
        digest: p.digest,
        everyChange: p.everyChange,
        channels: Object.fromEntries(p.categories.map((c) => [c.id, c.channels])),
      });
      setP(saved);
      setState("saved");
    } catch (err) {
      setState(err);
    }
  }
  const q = p.quiet ?? { start: 22 * 60, end: 7 * 60 };
  return (
    <form onSubmit={save}>
      <table>
        <caption>Channels per kind of notification</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">In the app</th>
            <th scope="col">Email</th>
            <th scope="col">Push</th>
          </tr>
        </thead>
        <tbody>
          {p.categories.map((c) => (
            <tr key={c.id}>
              <td>{c.label}</td>
              {(["in_app", "email", "push"] as const).map((ch) => (
                <td key={ch}>
                  <input
                    type="checkbox"
                    aria-label={`${c.label}: ${CHANNEL_LABELS[ch]}`}
                    checked={c.channels[ch]}
                    onChange={(e) => setChannel(c.id, ch, e.currentTarget.checked)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset>
        <legend>Quiet hours ({zone})</legend>
        <label>
          <input type="checkbox" checked={quiet} onChange={(e) => setQuiet(e.currentTarget.checked)} /> Hold
          email during quiet hours and send it when they end. Food-safety and safety alarms always come at
          once.
        </label>
        {quiet && (
          <div class="row">
            <label>
              From{" "}
              <input
                type="time"
                value={hhmm(q.start)}
                onChange={(e) => setP({ ...p, quiet: { ...q, start: minutes(e.currentTarget.value) } })}
              />
            </label>
            <label>
              to{" "}
              <input
                type="time"
                value={hhmm(q.end)}
                onChange={(e) => setP({ ...p, quiet: { ...q, end: minutes(e.currentTarget.value) } })}
              />
            </label>
          </div>
        )}
      </fieldset>
      <label>
        <input
          type="checkbox"
          checked={p.digest}
          onChange={(e) => setP({ ...p, digest: e.currentTarget.checked })}
        />{" "}
        One daily digest email (at 07:00) instead of an email each, except alarms
      </label>
      <label>
        <input
          type="checkbox"
          checked={p.everyChange}
          onChange={(e) => setP({ ...p, everyChange: e.currentTarget.checked })}
        />{" "}
        Every change of an alarm (acknowledged, closed), not only one message per alarm
      </label>
      <p class="row">
        <button type="submit">Save</button>
        {state === "saved" && <span role="status">Saved.</span>}
      </p>
      {state !== "idle" && state !== "saved" && <ErrorNote error={state} />}
    </form>
  );
}

/** Push on this browser: on (permission, subscription, registered with the cloud) or off. */
function PushDevice() {
  const [on, setOn] = useState<boolean | null>(null);
  const [state, setState] = useState<"idle" | "refused" | unknown>("idle");
  useEffect(() => {
    void currentPush().then((s) => setOn(s !== null));
  }, []);
  if (!pushSupported()) return <p class="muted">This browser cannot receive push notifications.</p>;
  async function toggle() {
    try {
      if (on) {
        await disablePush();
        setOn(false);
      } else {
        const granted = await enablePush();
        setOn(granted);
        setState(granted ? "idle" : "refused");
      }
    } catch (err) {
      setState(err);
    }
  }
  return (
    <fieldset>
      <legend>Push on this device</legend>
      <p>
        {on
          ? "This device receives push notifications for the kinds ticked under Push."
          : "Push notifications reach this device even when the app is closed."}
      </p>
      <button type="button" onClick={toggle} disabled={on === null}>
        {on ? "Turn off push on this device" : "Turn on push on this device"}
      </button>
      {state === "refused" && <p role="alert">The browser did not allow notifications for this site.</p>}
      {state !== "idle" && state !== "refused" && <ErrorNote error={state} />}
    </fieldset>
  );
}
