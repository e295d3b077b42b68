/** A temperature chart on uPlot: mean line, min–max band, the unit's limits drawn as shaded bands, drag to zoom. */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatTemp, formatTime, localZone, type TempUnit } from "./format.ts";

/** The history shape of contract C5 (also what the hub console builds from its minute readings). */
export interface TempSeries {
  /** Epoch seconds. */
  t: number[];
  min: number[];
  max: number[];
  mean: number[];
  limits: { low: number; high: number } | null;
}

const LIMIT_FILL = "rgba(200, 30, 30, 0.12)";

/** Shades everything above `high` and below `low`, under the series, so excursions stand out. */
function limitBands(limits: TempSeries["limits"]): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        if (!limits) return;
        const { ctx, bbox } = u;
        const yHigh = u.valToPos(limits.high, "y", true);
        const yLow = u.valToPos(limits.low, "y", true);
        ctx.save();
        ctx.fillStyle = LIMIT_FILL;
        const top = Math.max(bbox.top, Math.min(yHigh, bbox.top + bbox.height));
        ctx.fillRect(bbox.left, bbox.top, bbox.width, top - bbox.top);
        const low = Math.min(bbox.top + bbox.height, Math.max(yLow, bbox.top));
        ctx.fillRect(bbox.left, low, bbox.width, bbox.top + bbox.height - low);
        ctx.restore();
      },
    },
  };
}

export function chartOptions(
  series: TempSeries,
  opts: { width: number; height: number; zone: string; unit: TempUnit; xRange?: [number, number] },
): uPlot.Options {
  const lim = series.limits;
  return {
    width: opts.width,
    height: opts.height,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), opts.zone),
    cursor: { drag: { x: true, y: false } },
    scales: {
      // The whole requested period, so one early reading does not stretch across the axis.
      x: opts.xRange ? { time: true, range: () => opts.xRange! } : { time: true },
      y: {
        range: (_u, lo, hi) => {
          const a = Math.min(lo ?? 0, lim ? lim.low - 1 : Number.POSITIVE_INFINITY);
          const b = Math.max(hi ?? 0, lim ? lim.high + 1 : Number.NEGATIVE_INFINITY);
          return [Math.floor(a), Math.ceil(b)];
        },
      },
    },
    axes: [{}, { values: (_u, vals) => vals.map((v) => formatTemp(v, opts.unit)), size: 70 }],
    series: [
      {},
      { label: "min", stroke: "rgba(40, 90, 160, 0.35)", value: (_u, v) => formatTemp(v, opts.unit) },
      { label: "max", stroke: "rgba(40, 90, 160, 0.35)", value: (_u, v) => formatTemp(v, opts.unit) },
      { label: "mean", stroke: "#1d4f91", width: 2, value: (_u, v) => formatTemp(v, opts.unit) },
    ],
    bands: [{ series: [2, 1], fill: "rgba(40, 90, 160, 0.12)" }],
    plugins: [limitBands(lim)],
  };
}

const toData = (s: TempSeries): uPlot.AlignedData => [s.t, s.min, s.max, s.mean];

/** One sentence a screen reader can use instead of the picture. */
export function chartSummary(s: TempSeries, zone: string, unit: TempUnit): string {
  if (s.t.length === 0) return "No readings in this period.";
  const lo = Math.min(...s.min.filter((v) => v !== null));
  const hi = Math.max(...s.max.filter((v) => v !== null));
  const limits = s.limits
    ? ` Limits ${formatTemp(s.limits.low, unit)} to ${formatTemp(s.limits.high, unit)}.`
    : "";
  return `From ${formatTime(s.t[0]! * 1000, zone)} to ${formatTime(s.t.at(-1)! * 1000, zone)}: lowest ${formatTemp(lo, unit)}, highest ${formatTemp(hi, unit)}.${limits}`;
}

/** Draws `series`; follows the container's width. Drag across to zoom, double-click to zoom out. */
export function TempChart({
  series,
  zone = localZone(),
  unit = "C",
  height = 280,
  title,
  xRange,
}: {
  xRange?: [number, number];
  series: TempSeries;
  zone?: string;
  unit?: TempUnit;
  height?: number;
  title: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = () => Math.max(280, el.clientWidth);
    const plot = new uPlot(
      chartOptions(series, { width: width(), height, zone, unit, xRange }),
      toData(series),
      el,
    );
    const ro = new ResizeObserver(() => plot.setSize({ width: width(), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [series, zone, unit, height, xRange?.[0], xRange?.[1]]);
  return (
    <figure class="chart">
      <div ref={box} role="img" aria-label={`${title}. ${chartSummary(series, zone, unit)}`} />
      <figcaption class="muted">Drag across the chart to zoom in; double-click to zoom out.</figcaption>
    </figure>
  );
}
