import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BAD_LINES, maxBadLinesOption, SkipCollector, skipCollector } from './errors';
import { datasetErrorAt } from './test-fixtures';

const badLines = (c: SkipCollector, n: number, from = 1) => {
  for (let k = 0; k < n; k++) c.bad('/d/f.txt', from + k, null, 'field count', `line ${from + k} is bad`);
};

describe('SkipCollector', () => {
  it("throws on the first bad line in 'error' mode", () => {
    const c = new SkipCollector('error');
    c.begin(10);
    c.skip('/d/f.txt', 1, 'empty line');
    expect(datasetErrorAt(() => badLines(c, 1, 2), '/d/f.txt:2: ').message).toBe('/d/f.txt:2: line 2 is bad');
  });

  it('a fractional ceiling is rounded up from the declared lines; blank lines do not count', () => {
    expect(DEFAULT_MAX_BAD_LINES).toBe(0.01);
    const c = new SkipCollector('skip', 0.01);
    c.begin(250); // ceiling ceil(2.5) = 3
    for (let k = 0; k < 20; k++) c.skip('/d/f.txt', 100 + k, 'empty line');
    badLines(c, 3);
    const e = datasetErrorAt(() => badLines(c, 1, 4), '/d/f.txt: ');
    expect(e.line).toBeNull();
    expect(e.message).toBe([
      '/d/f.txt: too many malformed lines: 4 by line 4 of 250, more than the 3 allowed (maxBadLines 0.01 = 1% of 250 lines, rounded up); '
        + 'stopped there. 24 line(s) skipped so far ("empty line" 20, "field count" 4); first examples:',
      ...[100, 101, 102, 103, 104].map((l) => `  /d/f.txt:${l}: empty line`),
      'If such lines are expected, raise the ceiling with --max-bad-lines (option maxBadLines: a fraction such as 0.05, or a count such as 1000); '
        + 'otherwise check that the file is in the format it is loaded as.',
    ].join('\n'));
  });

  it('an absolute ceiling ignores the line count; several files add up', () => {
    const c = new SkipCollector('skip', 2);
    c.begin(1_000_000);
    badLines(c, 2);
    expect(datasetErrorAt(() => badLines(c, 1, 3), '/d/f.txt: ').message).toContain('3 by line 3 of 1000000, more than the 2 allowed (maxBadLines 2)');
    const f = new SkipCollector('skip', 0.1);
    f.begin(10);
    badLines(f, 1);
    f.begin(20); // ceiling now ceil(0.1 * 30) = 3
    badLines(f, 2, 2);
    expect(() => badLines(f, 1, 4)).toThrow('more than the 3 allowed (maxBadLines 0.1 = 10% of 30 lines, rounded up)');
  });

  it('validates maxBadLines', () => {
    expect([maxBadLinesOption(undefined), maxBadLinesOption(0.5), maxBadLinesOption(1), maxBadLinesOption(1000)]).toEqual([0.01, 0.5, 1, 1000]);
    for (const v of [0, -1, 1.5, Infinity, NaN, '5']) {
      expect(() => maxBadLinesOption(v)).toThrow(/^maxBadLines must be a fraction in \(0, 1\) of the lines read or a whole count >= 1, got /);
    }
    expect(() => skipCollector({ onBadLine: 'skip', maxBadLines: 0 })).toThrow('got 0');
    expect(() => skipCollector({ onBadLine: 'sometimes' })).toThrow(/onBadLine/);
  });
});
