/**
 * A dependency-free SVG plot writer for benchmark reports: grouped bars or lines of several series
 * over a numeric x axis, optionally log-scaled (KDD Figures 3-4 plot impressions against log degree).
 * The output is a standalone SVG document (viewable in a browser, embeddable in Markdown).
 */

/** One data series: `values[i]` belongs to `x[i]` of the plot; `NaN` leaves a gap. */
export interface PlotSeries {
  name: string;
  values: number[];
  /** CSS colour; default from a colour-blind-safe palette by series index. */
  color?: string;
}

/** What to draw; see {@link renderSvgPlot}. */
export interface PlotOptions {
  kind: 'bar' | 'line';
  title: string;
  /** x position of each point (> 0 when `logX`), increasing. */
  x: number[];
  /** Tick label per x position (default: the x value, or powers of ten when `logX`). */
  xLabels?: string[];
  /** Log-scale x axis (base 10). */
  logX?: boolean;
  xLabel: string;
  yLabel: string;
  series: PlotSeries[];
  /** Pixels; default 720 x 420. */
  width?: number;
  height?: number;
  /** Tick label of a y value; default up to 3 significant digits. */
  yFormat?: (v: number) => string;
}

const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];

/** Escapes text for SVG/XML content and attributes. */
function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Fixed-precision coordinate. */
const c = (v: number) => (Math.round(v * 100) / 100).toString();

/** About five round y ticks from 0 to at least `max`: steps of 1, 2 or 5 × 10^n. */
export function niceTicks(max: number): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / 5;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let i = 0; ticks.length === 0 || ticks[ticks.length - 1] < max - 1e-12 * max; i++) ticks.push(+(i * step).toPrecision(12));
  return ticks;
}

/**
 * Renders the plot as an SVG document string. Bars of the series at one x are drawn side by side
 * in a slot as wide as the closest x spacing allows (on the log scale when `logX`), lines connect a
 * series' finite points. The y axis starts at 0 and is linear.
 *
 * @throws RangeError when x is empty or not increasing, a series length differs from x, or an x is
 *   not positive on a log axis.
 */
export function renderSvgPlot(o: PlotOptions): string {
  const n = o.x.length;
  if (n === 0) throw new RangeError('renderSvgPlot: no x positions');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(o.x[i]) || (o.logX && o.x[i] <= 0)) throw new RangeError(`renderSvgPlot: x[${i}] = ${o.x[i]} is not ${o.logX ? 'a positive number (log axis)' : 'finite'}`);
    if (i > 0 && !(o.x[i] > o.x[i - 1])) throw new RangeError(`renderSvgPlot: x must increase, but x[${i}] = ${o.x[i]} <= x[${i - 1}]`);
  }
  for (const s of o.series) {
    if (s.values.length !== n) throw new RangeError(`renderSvgPlot: series "${s.name}" has ${s.values.length} values for ${n} x positions`);
  }
  if (o.xLabels && o.xLabels.length !== n) throw new RangeError(`renderSvgPlot: ${o.xLabels.length} x labels for ${n} x positions`);
  const W = o.width ?? 720;
  const H = o.height ?? 420;
  const m = { left: 72, right: 16, top: 36, bottom: 64 + 18 * Math.ceil(o.series.length / 3) };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const t = (v: number) => (o.logX ? Math.log10(v) : v);
  const tx = o.x.map(t);
  let gap = Infinity;
  for (let i = 1; i < n; i++) gap = Math.min(gap, tx[i] - tx[i - 1]);
  if (!Number.isFinite(gap)) gap = 1;
  const pad = o.kind === 'bar' ? gap / 2 : gap / 8;
  const x0 = tx[0] - pad;
  const x1 = tx[n - 1] + pad;
  const sx = (v: number) => m.left + ((t(v) - x0) / (x1 - x0)) * pw;
  let ymax = 0;
  for (const s of o.series) for (const v of s.values) if (Number.isFinite(v)) ymax = Math.max(ymax, v);
  const yt = niceTicks(ymax);
  const ytop = yt[yt.length - 1];
  const sy = (v: number) => m.top + ph - (v / ytop) * ph;
  const fy = o.yFormat ?? ((v: number) => (Math.abs(v) >= 1000 ? v.toLocaleString('en-US') : String(+v.toPrecision(3))));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="white"/>`,
    `<text x="${c(W / 2)}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(o.title)}</text>`,
  ];
  for (const v of yt) {
    out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${c(sy(v))}" y2="${c(sy(v))}" stroke="#ddd"/>`);
    out.push(`<text x="${m.left - 6}" y="${c(sy(v) + 4)}" text-anchor="end">${esc(fy(v))}</text>`);
  }
  const xt: { x: number; label: string }[] = o.xLabels || !o.logX
    ? o.x.map((x, i) => ({ x, label: o.xLabels?.[i] ?? String(x) }))
    : Array.from({ length: Math.floor(Math.log10(o.x[n - 1])) - Math.ceil(Math.log10(o.x[0])) + 1 }, (_, i) => {
      const e = Math.ceil(Math.log10(o.x[0])) + i;
      return { x: Math.pow(10, e), label: Math.pow(10, e).toLocaleString('en-US') };
    });
  for (const { x, label } of xt) {
    out.push(`<line x1="${c(sx(x))}" x2="${c(sx(x))}" y1="${m.top + ph}" y2="${m.top + ph + 4}" stroke="#333"/>`);
    out.push(`<text x="${c(sx(x))}" y="${m.top + ph + 17}" text-anchor="middle">${esc(label)}</text>`);
  }
  out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${m.top + ph}" y2="${m.top + ph}" stroke="#333"/>`);
  out.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + ph}" stroke="#333"/>`);
  out.push(`<text x="${c(m.left + pw / 2)}" y="${m.top + ph + 36}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${c(m.top + ph / 2)}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  const slot = ((gap * 0.8) / (x1 - x0)) * pw;
  const bw = slot / Math.max(1, o.series.length);
  o.series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    if (o.kind === 'bar') {
      s.values.forEach((v, i) => {
        if (!Number.isFinite(v)) return;
        const left = sx(o.x[i]) - slot / 2 + k * bw;
        out.push(`<rect x="${c(left)}" y="${c(sy(Math.max(0, v)))}" width="${c(bw)}" height="${c(sy(0) - sy(Math.max(0, v)))}" fill="${color}"><title>${esc(`${s.name}: ${fy(v)}`)}</title></rect>`);
      });
    } else {
      let run: string[] = [];
      const flush = () => {
        if (run.length) out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${run.join(' ')}"/>`);
        run = [];
      };
      s.values.forEach((v, i) => {
        if (!Number.isFinite(v)) return flush();
        run.push(`${c(sx(o.x[i]))},${c(sy(v))}`);
        out.push(`<circle cx="${c(sx(o.x[i]))}" cy="${c(sy(v))}" r="3" fill="${color}"/>`);
      });
      flush();
    }
    const lx = m.left + (k % 3) * (pw / 3);
    const ly = H - 14 - 18 * (Math.ceil(o.series.length / 3) - 1 - Math.floor(k / 3));
    out.push(`<rect x="${c(lx)}" y="${ly - 10}" width="12" height="12" fill="${color}"/>`);
    out.push(`<text x="${c(lx + 18)}" y="${ly}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
