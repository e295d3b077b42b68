/** In the browser: draws 30 days of minute rollups (43,200 points) with the app's own chart options, timed. */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { chartOptions, type TempSeries } from "../../shared/ui/chart.tsx";

const N = 30 * 24 * 60;
const start = Math.floor(Date.now() / 1000) - N * 60;
const series: TempSeries = { t: [], min: [], max: [], mean: [], limits: { low: 0, high: 5 } };
for (let i = 0; i < N; i++) {
  const mean = 3 + 1.5 * Math.sin(i / 90) + (i % 1440 > 1380 ? 4 : 0);
  series.t.push(start + i * 60);
  series.mean.push(mean);
  series.min.push(mean - 0.3);
  series.max.push(mean + 0.3);
}

/** One draw: from creating the plot to the end of its first draw (uPlot's "draw" hook). */
function drawOnce(): Promise<number> {
  const el = document.getElementById("chart")!;
  return new Promise((resolve) => {
    const opts = chartOptions(series, { width: 1200, height: 400, zone: "UTC", unit: "C" });
    const t0 = performance.now();
    opts.hooks = {
      draw: [
        (u) => {
          const ms = performance.now() - t0;
          queueMicrotask(() => u.destroy());
          resolve(ms);
        },
      ],
    };
    new uPlot(opts, [series.t, series.min, series.max, series.mean], el);
  });
}

(async () => {
  const runs: number[] = [];
  await drawOnce(); // warm-up: first JIT of uPlot's paths
  for (let i = 0; i < 7; i++) runs.push(await drawOnce());
  (window as unknown as { __bench: unknown }).__bench = { points: N, runs };
})();
