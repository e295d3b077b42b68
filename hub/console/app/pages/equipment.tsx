/** Live equipment, kept current by the hub's socket (the console talks only to the hub: it works with no internet). */
import { useSignal } from "@preact/signals";
import { OPEN_ALARM_STATUSES } from "../../../../shared/alarms/index.ts";
import { TempChart, type TempSeries } from "../../../../shared/ui/chart.tsx";
import { Async, PageTitle, useAsync } from "../../../../shared/ui/components.tsx";
import { formatAgo, formatTemp, formatTime } from "../../../../shared/ui/format.ts";
import { Link } from "../../../../shared/ui/router.tsx";
import { hub, type Rollup, type Equipment as Unit } from "../api.ts";
import { live } from "../live.ts";

export function EquipmentList() {
  const units = live.equipment;
  const open = (live.alarms.data.value ?? []).filter((a) => OPEN_ALARM_STATUSES.includes(a.status));
  return (
    <>
      <PageTitle>Equipment</PageTitle>
      <Async state={units}>
        {(list) =>
          list.length === 0 ? (
            <p class="muted">
              No equipment yet. <Link href="/devices">Pair a device</Link> to add one.
            </p>
          ) : (
            <ul class="tiles" aria-label="Equipment">
              {list.map((u) => {
                const alarms = open.filter((a) => a.equipmentId === u.id);
                return (
                  <li key={u.id} class={`tile ${alarms.length ? "alarm" : ""}`} data-testid="unit-tile">
                    <Link href={`/equipment/${u.id}`}>{u.name}</Link>
                    <div class="temp">{formatTemp(u.currentTemperature)}</div>
                    <div class={alarms.length ? "error" : "ok"}>
                      {alarms.length
                        ? `Alarm: ${alarms.map((a) => a.kind.replaceAll("_", " ").toLowerCase()).join(", ")}`
                        : "OK"}
                    </div>
                    <div class="muted">
                      range {formatTemp(u.optimalMin)} to {formatTemp(u.optimalMax)} · last reading{" "}
                      {formatAgo(u.latestReading?.ts)}
                    </div>
                  </li>
                );
              })}
            </ul>
          )
        }
      </Async>
    </>
  );
}

const RANGES = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
type Range = keyof typeof RANGES;

/** Rollups as the chart's series; the unit's optimal range is its limit band. */
export function toSeries(rows: Rollup[], unit: Unit): TempSeries {
  const sorted = [...rows].sort((a, b) => a.ts - b.ts);
  return {
    t: sorted.map((r) => r.ts / 1000),
    min: sorted.map((r) => r.min),
    max: sorted.map((r) => r.max),
    mean: sorted.map((r) => r.mean),
    limits: { low: unit.optimalMin, high: unit.optimalMax },
  };
}

export function EquipmentDetail({ id }: { id: string }) {
  const range = useSignal<Range>("24h");
  // Read once (a missing unit answers NOT_FOUND); the socket's row replaces it as it changes.
  const unit = useAsync(() => hub.oneEquipment(id), [id]);
  const history = useAsync(async () => {
    const to = Date.now();
    const from = to - RANGES[range.value];
    const [u, r] = await Promise.all([
      hub.oneEquipment(id),
      hub.readings(id, from, to, range.value === "24h" ? "minute" : "hour"),
    ]);
    return { series: toSeries(r.readings, u), xRange: [from / 1000, to / 1000] as [number, number] };
  }, [id, range.value]);
  const to = Date.now();
  return (
    <Async state={unit}>
      {(read) => {
        const u = live.unit(id) ?? read;
        return (
          <>
            <PageTitle>{u.name}</PageTitle>
            <p>
              <span class="temp">{formatTemp(u.currentTemperature)}</span> · range {formatTemp(u.optimalMin)}{" "}
              to {formatTemp(u.optimalMax)} · last reading {formatTime(u.latestReading?.ts)}
            </p>
            <fieldset class="tabs">
              <legend class="sr-only">Period</legend>
              {(Object.keys(RANGES) as Range[]).map((r) => (
                <button
                  key={r}
                  type="button"
                  aria-pressed={range.value === r}
                  onClick={() => (range.value = r)}
                >
                  {r}
                </button>
              ))}
            </fieldset>
            <Async state={history}>
              {(h) => <TempChart series={h.series} xRange={h.xRange} title={`${u.name} temperature`} />}
            </Async>
            <p>
              <Link href={`/equipment/${id}/settings`}>Name, limits and alarm rules</Link>
            </p>
            <p>
              <a href={hub.reportUrl(id, to - 30 * 86_400_000, to)} target="_blank" rel="noopener">
                Food-safety report, last 30 days (printable)
              </a>
            </p>
          </>
        );
      }}
    </Async>
  );
}
