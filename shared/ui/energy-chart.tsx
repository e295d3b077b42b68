/** Energy per room per day as bars on uPlot (days are local dates in the site's time zone, as the hub rolls them up). */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface EnergyDay {
  /** YYYY-MM-DD, local to the site. */
  day: string;
  kwh: number;
}

export function EnergyChart({ days, label }: { days: EnergyDay[]; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current || days.length === 0) return;
    const x = days.map((_, i) => i);
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const plot = new uPlot(
      {
        width: Math.min(720, el.current.clientWidth || 720),
        height: 220,
        scales: { x: { time: false } },
        axes: [
          { values: (_u, ticks) => ticks.map((t) => days[t]?.day.slice(5) ?? "") },
          { label: "kWh", values: (_u, ticks) => ticks.map((t) => t.toFixed(1)) },
        ],
        series: [
          {},
          { label: "kWh", fill: "rgba(200, 90, 30, 0.5)", stroke: "rgb(200, 90, 30)", paths: bars },
        ],
      },
      [x, days.map((d) => d.kwh)],
      el.current,
    );
    return () => plot.destroy();
  }, [days]);
  const total = days.reduce((s, d) => s + d.kwh, 0);
  return (
    <figure>
      <div ref={el} role="img" aria-label={`${label}: ${total.toFixed(1)} kWh over ${days.length} days`} />
      <figcaption class="muted">
        {days.length === 0 ? "No energy recorded yet." : `${total.toFixed(1)} kWh over ${days.length} days`}
      </figcaption>
    </figure>
  );
}
