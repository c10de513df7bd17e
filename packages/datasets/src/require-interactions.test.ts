import { describe, expect, it } from 'vitest';
import { requireInteractions, requireText } from './require-interactions';
import { datasetErrorAt, handDataset } from './test-fixtures';

describe('requireInteractions / requireText', () => {
  it('passes a dataset with interactions through unchanged', () => {
    const ds = handDataset(false);
    expect(requireInteractions(ds)).toBe(ds);
    expect(() => requireText('f.csv', ' a\n', 'x')).not.toThrow();
  });

  it('names the file, the lines read, the skips by reason, the notes and the expected format', () => {
    const ds = handDataset(false);
    ds.sequences = [];
    ds.report = { file: '/d/x.txt', linesRead: 5, interactions: 0, skipped: { count: 5, reasons: { 'empty line': 2, 'user without items': 3 }, examples: [] }, notes: ['kept ratings >= 6: 0 of 5 rows'] };
    expect(datasetErrorAt(() => requireInteractions(ds, 'a sequence file'), '/d/x.txt: ').message)
      .toBe('/d/x.txt: no interactions: 5 lines read, 5 skipped ("user without items" 3, "empty line" 2); kept ratings >= 6: 0 of 5 rows; expected a sequence file');
  });

  it('treats an empty or whitespace-only text as having no interactions', () => {
    expect(datasetErrorAt(() => requireText('/d/e.csv', '', 'a CSV'), '/d/e.csv: ').message).toBe('/d/e.csv: no interactions: 0 lines read, 0 skipped (the file is empty); expected a CSV');
    expect(datasetErrorAt(() => requireText('/d/w.csv', ' \n\t\r\n', 'a CSV'), '/d/w.csv: ').message).toBe('/d/w.csv: no interactions: 2 lines read, 2 skipped ("empty line" 2); expected a CSV');
  });
});
