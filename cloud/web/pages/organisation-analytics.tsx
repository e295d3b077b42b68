/** An organisation's figures per local day (bookings confirmed, booked amounts): charts and CSV. */
import { useState } from "preact/hooks";
import { Async, useAsync } from "../../../shared/ui/components.tsx";
import { api } from "../api.ts";
import { ModuleCharts } from "./analytics-rows.tsx";

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

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
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `organisation-${range.from}-${range.to}.csv`;
    a.click();
    URL.revokeObjectURL(a.href);
  }
  return (
    <section aria-label="Figures">
      <h2>Figures</h2>
      <form class="row" onSubmit={(e) => e.preventDefault()}>
        <label>
          From{" "}
          <input
            type="date"
            value={range.from}
            onChange={(e) => setRange({ ...range, from: e.currentTarget.value })}
          />
        </label>
        <label>
          to{" "}
          <input
            type="date"
            value={range.to}
            onChange={(e) => setRange({ ...range, to: e.currentTarget.value })}
          />
        </label>
        <span class="muted">Local dates of the organisation ({org.timeZone}).</span>
      </form>
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
