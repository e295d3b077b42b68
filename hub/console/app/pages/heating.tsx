/** Heating on the hub console: each room live (temperature, target and why, heater, switches against the cap, predicted start); override, boost, mode; energy per day. */
import { useSignal } from "@preact/signals";
import { Async, Field, Form, PageTitle, Select, useAsync } from "../../../../shared/ui/components.tsx";
import { EnergyChart } from "../../../../shared/ui/energy-chart.tsx";
import { formatTemp, formatTime } from "../../../../shared/ui/format.ts";
import { type HeatingRoom, hub } from "../api.ts";

const SOURCES: Record<string, string> = {
  schedule: "schedule",
  preheat: "early start for the next period",
  manual: "manual set point",
  away: "away",
  override: "override",
  boost: "boost",
  frost: "frost protection",
};
const REASONS: Record<string, string> = {
  below: "below target",
  above: "above target",
  band: "within the band",
  "min-on": "held on (minimum on time)",
  "min-off": "held off (minimum off time)",
  cap: "held (switches per hour cap)",
  stale: "sensor silent: safe action",
  "max-temp": "maximum temperature cut-off",
  window: "window open: paused",
};

export function Heating() {
  const rooms = useAsync(hub.heatingRooms, [], 5000);
  return (
    <>
      <PageTitle>Heating</PageTitle>
      <Async state={rooms}>
        {({ rooms: list, zone }) =>
          list.length === 0 ? (
            <p>No rooms yet: rooms and their schedules are set up in the owner app.</p>
          ) : (
            list.map((r) => <Room key={r.id} room={r} zone={zone} reload={rooms.reload} />)
          )
        }
      </Async>
    </>
  );
}

function Room({ room: r, zone, reload }: { room: HeatingRoom; zone: string; reload: () => Promise<void> }) {
  const setPoint = useSignal(String(r.target ?? 21));
  const minutes = useSignal("60");
  const mode = useSignal<string>(r.mode);
  const energy = useAsync(() => hub.heatingEnergy(r.id), [r.id]);
  return (
    <section aria-labelledby={`room-${r.id}`} class="card">
      <h2 id={`room-${r.id}`}>
        {r.name} <small class="muted">{r.space}</small>
      </h2>
      <dl>
        <dt>Temperature</dt>
        <dd class={r.stale ? "error" : ""}>
          {r.temperature === null ? "no reading" : formatTemp(r.temperature)}
          {r.stale && r.temperature !== null ? ` (silent since ${formatTime(r.temperatureAt, zone)})` : ""}
        </dd>
        <dt>Target</dt>
        <dd>
          {r.target === null ? "—" : formatTemp(r.target)} ({SOURCES[r.source ?? ""] ?? "—"})
        </dd>
        <dt>Heater</dt>
        <dd data-testid="heater-state">
          {r.heaterOn ? "on" : "off"} — {REASONS[r.reason ?? ""] ?? "—"}
        </dd>
        <dt>Switches in the last hour</dt>
        <dd>
          {r.switchesLastHour} of at most {r.maxSwitchesPerHour}
        </dd>
        <dt>Predicted start</dt>
        <dd>
          {r.predictedStart
            ? `${formatTime(r.predictedStart, zone)} (learned warm-up ${r.warmRatePerHour} °C/h)`
            : r.warmRatePerHour === null
              ? "not learned yet"
              : "none planned"}
        </dd>
        {r.boost && (
          <>
            <dt>Boost</dt>
            <dd>
              {formatTemp(r.boost.setPoint)} until {formatTime(r.boost.until, zone)}
            </dd>
          </>
        )}
        {r.override && (
          <>
            <dt>Override</dt>
            <dd>
              {formatTemp(r.override.setPoint)} until {formatTime(r.override.until, zone)}
            </dd>
          </>
        )}
        {r.windowPausedUntil && (
          <>
            <dt>Window open</dt>
            <dd>heating paused until {formatTime(r.windowPausedUntil, zone)}</dd>
          </>
        )}
      </dl>
      <Form
        submit="Override until next period"
        label={`Override ${r.name}`}
        onSubmit={async () => {
          await hub.heatingOverride(r.id, Number(setPoint.value));
          await reload();
        }}
      >
        <Field label="Set point °C" type="number" value={setPoint} required />
      </Form>
      <Form
        submit="Boost"
        label={`Boost ${r.name}`}
        onSubmit={async () => {
          await hub.heatingBoost(r.id, Number(setPoint.value), Number(minutes.value));
          await reload();
        }}
      >
        <Field label="Minutes" inputMode="numeric" value={minutes} required />
      </Form>
      <Form
        submit="Set mode"
        label={`Mode of ${r.name}`}
        onSubmit={async () => {
          await hub.heatingMode(r.id, mode.value as "auto" | "manual" | "away" | "off");
          await reload();
        }}
      >
        <Select label="Mode" value={mode} options={["auto", "manual", "away", "off"]} />
      </Form>
      <h3>Energy per day</h3>
      <Async state={energy}>{(days) => <EnergyChart days={days} label={`Energy of ${r.name}`} />}</Async>
    </section>
  );
}
