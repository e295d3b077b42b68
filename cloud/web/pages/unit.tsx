/** One unit: its temperature chart (24 h / 7 d / 30 d from rollups) and a link to its printable record (record.tsx). */
import { useSignal } from "@preact/signals";
import { TempChart } from "../../../shared/ui/chart.tsx";
import { Async, PageTitle, useAsync } from "../../../shared/ui/components.tsx";
import { Link } from "../../../shared/ui/router.tsx";
import { api } from "../api.ts";
import type { HistoryRange, Site } from "../types.ts";
import { zoneOf } from "./site.tsx";

const RANGES: { value: HistoryRange; label: string }[] = [
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
];

export function Unit({ site, equipmentId }: { site: Site; equipmentId: string }) {
  const range = useSignal<HistoryRange>("24h");
  const history = useAsync(() => api.history(site.id, equipmentId, range.value), [equipmentId, range.value]);
  return (
    <>
      <PageTitle>Temperature history</PageTitle>
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
        {(h) => <TempChart series={h} zone={zoneOf(site)} title={`Temperature, last ${range.value}`} />}
      </Async>
      <p>
        <Link href={`/sites/${site.id}/units/${equipmentId}/report`}>Food-safety report (printable)</Link>
      </p>
    </>
  );
}
