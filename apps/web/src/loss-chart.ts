import { svg } from './dom';

/** Options of {@link lossChart}. */
export interface LossChartOptions {
  color: string;
  width?: number;
  height?: number;
  /** Steps per epoch: dashed lines mark the epochs. */
  stepsPerEpoch?: number;
  /** Window of the moving average drawn over the raw losses (default 10 steps). */
  smooth?: number;
}

/**
 * An SVG line chart of training losses per step: the raw values (faint) and their moving average,
 * with the y range, the step count and epoch marks.
 */
export function lossChart(losses: readonly number[], o: LossChartOptions): SVGElement {
  const W = o.width ?? 460;
  const H = o.height ?? 170;
  const pad = { l: 42, r: 8, t: 8, b: 22 };
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'training loss per step' });
  root.append(svg('rect', { x: pad.l, y: pad.t, width: W - pad.l - pad.r, height: H - pad.t - pad.b, fill: '#fafbfd', stroke: '#e3e7ee' }));
  if (losses.length === 0) {
    root.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'no steps yet'));
    return root;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of losses) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi > lo)) hi = lo + 1;
  const n = Math.max(2, losses.length);
  const x = (i: number) => pad.l + ((W - pad.l - pad.r) * i) / (n - 1);
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - (v - lo) / (hi - lo));
  if (o.stepsPerEpoch) {
    for (let s = o.stepsPerEpoch; s < losses.length; s += o.stepsPerEpoch) {
      root.append(svg('line', { x1: x(s), x2: x(s), y1: pad.t, y2: H - pad.b, stroke: '#c9cfda', 'stroke-dasharray': '3 3' }));
    }
  }
  const points = (vals: readonly number[]) => vals.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  root.append(svg('polyline', { points: points(losses), fill: 'none', stroke: o.color, 'stroke-opacity': 0.3, 'stroke-width': 1 }));
  root.append(svg('polyline', { points: points(movingAverage(losses, o.smooth ?? 10)), fill: 'none', stroke: o.color, 'stroke-width': 2 }));
  root.append(
    svg('text', { x: pad.l - 4, y: pad.t + 10, 'text-anchor': 'end' }, hi.toFixed(2)),
    svg('text', { x: pad.l - 4, y: H - pad.b, 'text-anchor': 'end' }, lo.toFixed(2)),
    svg('text', { x: pad.l, y: H - 6 }, 'step 1'),
    svg('text', { x: W - pad.r, y: H - 6, 'text-anchor': 'end' }, `step ${losses.length}`),
  );
  return root;
}

/** Trailing moving average over `w` values (fewer at the start). */
export function movingAverage(xs: readonly number[], w: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    sum += xs[i];
    if (i >= w) sum -= xs[i - w];
    out.push(sum / Math.min(i + 1, w));
  }
  return out;
}
