import { describe, expect, it } from 'vitest';
import { niceTicks, renderSvgPlot } from './svg-plot';

const nums = (svg: string, re: RegExp) => [...svg.matchAll(re)].map((m) => Number(m[1]));

describe('renderSvgPlot', () => {
  it('picks round y ticks of 1, 2 or 5 × 10^n', () => {
    // 7/5 = 1.4 -> step 2; 1000/5 = 200 -> step 200; 0.37/5 = 0.074 -> step 0.1
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it('draws grouped bars with heights proportional to the values', () => {
    const svg = renderSvgPlot({
      kind: 'bar', title: 'Impressions <by> degree & model', x: [1, 2, 3], xLabel: 'degree', yLabel: 'share',
      series: [{ name: 'A', values: [4, 0, 7] }, { name: 'B', values: [1, 2, NaN] }],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('Impressions &lt;by&gt; degree &amp; model');
    // 5 finite values -> 5 data bars (each with a tooltip)
    const heights = nums(svg, /height="([\d.]+)" fill="[^"]+"><title>/g);
    expect(heights).toHaveLength(5);
    // plot height 420 - 36 - (64 + 18) = 302 px for ticks 0..8: value 4 -> 151 px, value 0 -> 0, 7 -> 264.25
    expect(heights[0]).toBeCloseTo(151, 1);
    expect(heights[1]).toBe(0);
    expect(heights[2]).toBeCloseTo(264.25, 1);
    expect(svg).toContain('<text x="'); // legend and ticks
    expect(svg).toMatch(/>A<\/text>[\s\S]*>B<\/text>/);
  });

  it('spaces a log x axis by decades and breaks lines at NaN', () => {
    const svg = renderSvgPlot({
      kind: 'line', title: 't', x: [1, 10, 100, 1000], logX: true, xLabel: 'x', yLabel: 'y',
      series: [{ name: 'S', values: [1, 2, NaN, 3] }],
    });
    const cx = nums(svg, /<circle cx="([\d.]+)"/g);
    expect(cx).toHaveLength(3);
    // x = 1, 10, 1000 on a log axis: the second gap is twice the first
    expect(cx[2] - cx[1]).toBeCloseTo(2 * (cx[1] - cx[0]), 1);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    // default log ticks at the powers of ten
    expect(svg).toMatch(/>1,000<\/text>/);
    const lin = renderSvgPlot({ kind: 'line', title: 't', x: [1, 2, 4], xLabel: 'x', yLabel: 'y', series: [{ name: 'S', values: [1, 1, 1] }] });
    const lx = nums(lin, /<circle cx="([\d.]+)"/g);
    expect(lx[2] - lx[1]).toBeCloseTo(2 * (lx[1] - lx[0]), 1);
  });

  it('rejects inconsistent input', () => {
    const base = { kind: 'line' as const, title: 't', xLabel: 'x', yLabel: 'y' };
    expect(() => renderSvgPlot({ ...base, x: [], series: [] })).toThrow(/no x positions/);
    expect(() => renderSvgPlot({ ...base, x: [0, 1], logX: true, series: [] })).toThrow(/x\[0\] = 0 is not a positive number/);
    expect(() => renderSvgPlot({ ...base, x: [2, 1], series: [] })).toThrow(/x must increase/);
    expect(() => renderSvgPlot({ ...base, x: [1, 2], series: [{ name: 'S', values: [1] }] })).toThrow(/"S" has 1 values for 2/);
  });
});
