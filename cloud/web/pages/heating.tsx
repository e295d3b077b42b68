/**
 * Heating in the owner app: the site's rooms, a week schedule editor per room (sent to the hub in desired
 * state), and a set point or boost from afar (queued for the hub, applied on its next round).
 */
import { useSignal } from "@preact/signals";
import { defaultRoomSettings } from "../../../shared/heating/defaults.ts";
import { type Period, WEEKDAYS, type WeekSchedule } from "../../../shared/heating/schedule.ts";
import { Async, Field, Form, PageTitle, Select, useAsync } from "../../../shared/ui/components.tsx";
import { formatTemp, formatTime } from "../../../shared/ui/format.ts";
import { api } from "../api.ts";
import type { Site } from "../types.ts";
import { zoneOf } from "./site.tsx";

type Room = Awaited<ReturnType<typeof api.heatingRooms>>[number];

/** "06:30 21, 22:00 17" ⇄ periods: one line per day, the way people say it. */
const dayText = (periods: Period[]) => periods.map((p) => `${p.at} ${p.setPoint}`).join(", ");
function parseDay(text: string): Period[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [at, sp] = s.split(/\s+/);
      return { at: at ?? "", setPoint: Number(sp) };
    });
}

export function SiteHeating({ site }: { site: Site }) {
  // The hub reports a room when it changes and every 10 minutes; the page reads the cloud's copy every 15 s.
  const rooms = useAsync(() => api.heatingRooms(site.id), [site.id], 15_000);
  const name = useSignal("");
  const space = useSignal("Home");
  const isOwner = site.role === "OWNER";
  return (
    <>
      <PageTitle>Heating</PageTitle>
      <Async state={rooms}>
        {(list) => (
          <>
            {list.length === 0 && <p>No heated rooms yet.</p>}
            {list.map((r) => (
              <RoomCard key={r.id} site={site} room={r} reload={rooms.reload} />
            ))}
          </>
        )}
      </Async>
      {isOwner && (
        <>
          <h2>Add a room</h2>
          <Form
            submit="Add room"
            label="Add a room"
            onSubmit={async () => {
              await api.heatingAddRoom(site.id, {
                name: name.value,
                space: space.value,
                settings: defaultRoomSettings(),
              });
              name.value = "";
              await rooms.reload();
            }}
          >
            <Field label="Room name" value={name} required maxLength={80} />
            <Field label="Space (flat, house)" value={space} required maxLength={80} />
          </Form>
        </>
      )}
    </>
  );
}

function RoomCard({ site, room: r, reload }: { site: Site; room: Room; reload: () => Promise<void> }) {
  const days = WEEKDAYS.map((_, i) => useSignal(dayText(r.settings.schedule[i] ?? [])));
  const mode = useSignal<string>(r.settings.mode);
  const setPoint = useSignal(String(r.settings.setPoint));
  const boostTo = useSignal("23");
  const boostMinutes = useSignal("60");
  const queued = useSignal<string | null>(null);
  const zone = zoneOf(site);
  return (
    <section class="card" aria-labelledby={`room-${r.id}`}>
      <h2 id={`room-${r.id}`}>
        {r.name} <small class="muted">{r.space}</small>
      </h2>
      {r.live ? (
        <dl data-testid="room-live">
          <dt>Temperature</dt>
          <dd>{r.live.temperature === null ? "no reading" : formatTemp(r.live.temperature)}</dd>
          <dt>Target</dt>
          <dd>
            {r.live.target === null ? "—" : formatTemp(r.live.target)} ({r.live.source})
          </dd>
          <dt>Heater</dt>
          <dd>{r.live.heaterOn ? "on" : "off"}</dd>
          <dt>Switches in the last hour</dt>
          <dd>
            {r.live.switchesLastHour} of at most {r.live.maxSwitchesPerHour}
          </dd>
          <dt>Predicted start</dt>
          <dd>{r.live.predictedStart ? formatTime(r.live.predictedStart, zone) : "none planned"}</dd>
          <dt>As of</dt>
          <dd>{formatTime(r.live.at, zone)}</dd>
        </dl>
      ) : (
        <p class="muted">No report from the hub yet.</p>
      )}
      <p>
        Mode {r.settings.mode}; manual set point {formatTemp(r.settings.setPoint)}; frost protection{" "}
        {formatTemp(r.settings.frostC)}; cut-off {formatTemp(r.settings.maxC)}; at most{" "}
        {r.settings.maxSwitchesPerHour} switches an hour; a silent sensor turns the heater{" "}
        {r.settings.staleAction === "keep" ? "nothing (kept)" : r.settings.staleAction}.
      </p>
      {site.role === "OWNER" && (
        <Form
          submit="Save schedule"
          label={`Week schedule of ${r.name}`}
          onSubmit={async () => {
            const schedule = days.map((d) => parseDay(d.value)) as WeekSchedule;
            await api.heatingPutRoom(site.id, r.id, {
              name: r.name,
              space: r.space,
              devices: r.devices,
              settings: {
                ...r.settings,
                schedule,
                mode: mode.value as Room["settings"]["mode"],
                setPoint: Number(setPoint.value),
              },
            });
            await reload();
          }}
        >
          <fieldset>
            <legend>Week schedule (site time; “HH:MM °C”, comma separated)</legend>
            {WEEKDAYS.map((d, i) => (
              <Field
                key={d}
                label={d}
                value={days[i]!}
                hint={i === 0 ? "e.g. 06:30 21, 22:00 17" : undefined}
              />
            ))}
          </fieldset>
          <Select label="Mode" value={mode} options={["auto", "manual", "away", "off"]} />
          <Field label="Manual set point °C" type="number" value={setPoint} />
        </Form>
      )}
      <Form
        submit="Boost"
        label={`Boost ${r.name}`}
        onSubmit={async () => {
          const q = await api.heatingBoost(site.id, r.id, Number(boostTo.value), Number(boostMinutes.value));
          queued.value = `Boost sent; the hub applies it on its next round (${q.status.toLowerCase()}).`;
        }}
      >
        <Field label="Boost to °C" type="number" value={boostTo} />
        <Field label="For minutes" type="number" value={boostMinutes} />
      </Form>
      <Form
        submit="Hold until next period"
        label={`Set point for ${r.name}`}
        onSubmit={async () => {
          const q = await api.heatingSetPoint(site.id, r.id, Number(boostTo.value));
          queued.value = `Set point sent; the hub applies it on its next round (${q.status.toLowerCase()}).`;
        }}
      />
      {queued.value && <p role="status">{queued.value}</p>}
    </section>
  );
}
