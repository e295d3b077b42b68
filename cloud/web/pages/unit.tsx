/** One unit: its temperature chart (24 h / 7 d / 30 d from rollups) and a link to its printable record (record.tsx). */
import { useSignal } from "@preact/signals";
import { TempChart } from "../../../shared/ui/chart.tsx";
import { Async, PageTitle, useAsync } from "../../../shared/ui/components.tsx";
import { Link } from "../../../shared/ui/router.tsx";
import { api } from "../api.ts";
import type { HistoryRange, Site } from "../types.ts";
import { zoneOf } from "./site.tsx";

const RANGES: { value: HistoryRange; label: string; hours: number }[] = [
  { value: "24h", label: "24 hours", hours: 24 },
  { value: "7d", label: "7 days", hours: 7 * 24 },
  { value: "30d", label: "30 days", hours: 30 * 24 },
];

/** The axis spans the whole requested period ending now (epoch seconds), so a lone reading sits where it belongs. */
const spanOf = (range: HistoryRange, nowMs: number): [number, number] => {
  const hours = RANGES.find((r) => r.value === range)!.hours;
  const end = Math.ceil(nowMs / 1000);
  return [end - hours * 3600, end];
};

export function Unit({ site, equipmentId }: { site: Site; equipmentId: string }) {
  const range = useSignal<HistoryRange>("24h");
  const history = useAsync(
    async () => ({
      view: await api.history(site.id, equipmentId, range.value),
      span: spanOf(range.value, Date.now()),
    }),
    [equipmentId, range.value],
  );
  // The unit's name from the site's units (the history carries only its id).
  const units = useAsync(() => api.equipment(site.id), [site.id]);
  const name = units.data.value?.find((u) => u.equipmentId === equipmentId)?.equipmentName;
  const label = RANGES.find((r) => r.value === range.value)!.label;
  return (
    <>
      <PageTitle>{name ? `${name}: temperature` : "Temperature history"}</PageTitle>
      <fieldset class="tabs">
        <legend class="sr-only">Period</legend>
        {RANGES.map((r) => (
          <button
            key={r.value}
            type="button"
            aria-pressed={range.value === r.value}
            onClick={() => (range.value = r.value)}
          >
            {r.label}
          </button>
        ))}
      </fieldset>
      <Async state={history}>
        {(h) => (
          <TempChart
            series={h.view}
            zone={zoneOf(site)}
            xRange={h.span}
            title={`${name ?? "Unit"}: temperature, last ${label}`}
          />
        )}
      </Async>
      <p>
        <Link href={`/sites/${site.id}/units/${equipmentId}/settings`}>Name, limits and alarm rules</Link>
      </p>
      <p>
        <Link href={`/sites/${site.id}/units/${equipmentId}/report`}>Food-safety report (printable)</Link>
      </p>
    </>
  );
}
