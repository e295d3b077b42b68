/** An organisation's figures per local day (bookings confirmed, booked amounts): charts and CSV. */
import { useState } from "preact/hooks";
import { Async, useAsync } from "../../../shared/ui/components.tsx";
import { api } from "../api.ts";
import { DAY, DateRangeForm, isoDay, saveBlob } from "./analytics.tsx";
import { ModuleCharts } from "./analytics-rows.tsx";

function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY)
    out.push(isoDay(t));
  return out;
}

export function OrganisationAnalytics({ org }: { org: { id: string; timeZone: string } }) {
  const [range, setRange] = useState({ from: isoDay(Date.now() - 89 * DAY), to: isoDay(Date.now()) });
  const report = useAsync(
    () => api.organisationAnalytics(org.id, range.from, range.to),
    [org.id, range.from, range.to],
  );
  async function download() {
    const blob = await api.organisationAnalyticsCsv(org.id, range.from, range.to);
    saveBlob(blob, `organisation-${range.from}-${range.to}.csv`);
  }
  return (
    <section aria-label="Figures">
      <h2>Figures</h2>
      <DateRangeForm
        range={range}
        onChange={setRange}
        note={`Local dates of the organisation (${org.timeZone}).`}
      />
      <Async state={report}>
        {(r) =>
          r.rows.length === 0 ? (
            <p class="muted">No bookings confirmed in this range.</p>
          ) : (
            <>
              <ModuleCharts days={daysFrom(r.from, r.to)} rows={r.rows} metrics={r.metrics} />
              <button type="button" onClick={download}>
                Download CSV
              </button>
            </>
          )
        }
      </Async>
    </section>
  );
}
