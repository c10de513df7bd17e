import { describe, expect, it } from 'vitest';
import { formatMarkdownTable, formatMetricsTable } from './format-table';

// Columns in first-seen order: HR@5, NDCG@5, count (from 'valid'), then MRR (from 'test').
// 0.31546 -> '0.3155', 0.123456 -> '0.1235' at 4 digits; missing cells print '-';
// count is an integer column -> '4'.
// Widths: label 5 ('valid'), HR@5 6, NDCG@5 6, count 5, MRR 6.
const rows = {
  valid: { 'HR@5': 0.5, 'NDCG@5': 0.31546, count: 4 },
  test: { 'HR@5': 0.25, MRR: 0.123456, count: 4 },
};

describe('formatMetricsTable', () => {
  it('aligns labels left and numbers right, two-space gaps, no trailing spaces', () => {
    expect(formatMetricsTable(rows)).toBe(
      [
        '         HR@5  NDCG@5  count     MRR',
        '-----  ------  ------  -----  ------',
        'valid  0.5000  0.3155      4       -',
        'test   0.2500       -      4  0.1235',
      ].join('\n'),
    );
  });

  it('honours digits and the label header', () => {
    // 0.5 -> '0.50', 0.31546 -> '0.32'; widths: 'split' 5, 'HR@5' 4, 'NDCG@5' 6
    expect(formatMetricsTable({ valid: { 'HR@5': 0.5, 'NDCG@5': 0.31546 } }, { digits: 2, label: 'split' })).toBe(
      ['split  HR@5  NDCG@5', '-----  ----  ------', 'valid  0.50    0.32'].join('\n'),
    );
  });

  it('prints NaN, and non-integer values in integer columns with digits', () => {
    expect(formatMetricsTable({ a: { 'HR@5': NaN, count: 2.5 } }, { digits: 1 })).toBe(
      ['   HR@5  count', '-  ----  -----', 'a   NaN    2.5'].join('\n'),
    );
  });
});

describe('formatMarkdownTable', () => {
  it('pads cells and right-aligns metric columns', () => {
    expect(formatMarkdownTable(rows)).toBe(
      [
        '|       |   HR@5 | NDCG@5 | count |    MRR |',
        '| :---- | -----: | -----: | ----: | -----: |',
        '| valid | 0.5000 | 0.3155 |     4 |      - |',
        '| test  | 0.2500 |      - |     4 | 0.1235 |',
      ].join('\n'),
    );
  });

  it('escapes pipes and keeps a 3-character minimum width', () => {
    // 'a|b' -> 'a\|b' (4 chars); 'X' column widened to 3
    expect(formatMarkdownTable({ 'a|b': { X: 1 } }, { digits: 0, label: 'm' })).toBe(
      ['| m    |   X |', '| :--- | --: |', '| a\\|b |   1 |'].join('\n'),
    );
  });
});
