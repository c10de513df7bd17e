import type { DegreeBucket } from '@clrec/metrics';
import { h, svg } from './dom';

/** One series of {@link bucketChart}: a name, a colour and its buckets. */
export interface BucketSeries {
  name: string;
  color: string;
  buckets: readonly DegreeBucket[];
}

/**
 * Grouped SVG bars of the share of impressions per item-degree bucket (KDD Figures 3 and 4), one bar
 * per series in each bucket: a popularity-biased model piles its impressions into the high-degree
 * buckets. Each series is normalised to shares, so the data's clicks and the models' top-K lists compare.
 */
export function bucketChart(series: readonly BucketSeries[], o: { width?: number; height?: number } = {}): HTMLElement {
  const W = o.width ?? 940;
  const H = o.height ?? 220;
  const pad = { l: 42, r: 8, t: 8, b: 36 };
  const nb = Math.max(0, ...series.map((s) => s.buckets.length));
  // leading buckets empty in every series (no item has degree 0 or 1) are left out
  let first = 0;
  while (first < nb && series.every((s) => !(s.buckets[first]?.impressions > 0))) first++;
  const shares = series.map((s) => {
    const total = s.buckets.reduce((a, b) => a + b.impressions, 0) || 1;
    return Array.from({ length: nb }, (_, b) => (s.buckets[b]?.impressions ?? 0) / total);
  });
  const top = Math.max(0.01, ...shares.flat());
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'impressions per item-degree bucket' });
  const groupW = (W - pad.l - pad.r) / Math.max(1, nb - first);
  const barW = (groupW * 0.8) / Math.max(1, series.length);
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / top);
  root.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: y(0), y2: y(0), stroke: '#9aa3b2' }));
  root.append(svg('text', { x: pad.l - 4, y: pad.t + 10, 'text-anchor': 'end' }, `${(top * 100).toFixed(0)}%`));
  for (let b = first; b < nb; b++) {
    const gx = pad.l + (b - first) * groupW + groupW * 0.1;
    shares.forEach((sh, si) => {
      root.append(svg('rect', { x: gx + si * barW, y: y(sh[b]), width: Math.max(1, barW - 1), height: y(0) - y(sh[b]), fill: series[si].color },
        svg('title', {}, `${series[si].name}: ${(sh[b] * 100).toFixed(1)}% of impressions`)));
    });
    const bucket = series.find((s) => s.buckets[b])?.buckets[b];
    const label = !bucket ? '' : bucket.hi - 1 <= bucket.lo ? `${bucket.lo}` : `${bucket.lo}–${bucket.hi - 1}`;
    root.append(svg('text', { x: gx + groupW * 0.4, y: H - pad.b + 14, 'text-anchor': 'middle' }, label));
  }
  root.append(svg('text', { x: (W + pad.l) / 2, y: H - 4, 'text-anchor': 'middle' }, 'item degree (training clicks), log₂ buckets: low-degree (long tail) left, popular right'));
  const legend = h('div', { class: 'legend' }, ...series.map((s) => h('span', {}, h('i', { style: `background:${s.color}` }), s.name)));
  return h('div', {}, legend, root);
}
