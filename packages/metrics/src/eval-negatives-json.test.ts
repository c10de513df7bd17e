import { describe, expect, it } from 'vitest';
import { EVAL_NEGATIVES_FORMAT, evalNegativesToJson, parseEvalNegatives } from './eval-negatives-json';
import { sampleEvalNegatives } from './sample-eval-negatives';

describe('evalNegativesToJson / parseEvalNegatives', () => {
  it('round-trips sampled negatives without files', () => {
    const data = sampleEvalNegatives({ numItems: 20, users: [{ exclude: [1] }, { exclude: [] }], count: 4, mode: 'uniform', seed: 3 });
    const text = evalNegativesToJson({ ...data, tag: 't', users: Int32Array.from([5, 6]) });
    expect(JSON.parse(text).format).toBe(EVAL_NEGATIVES_FORMAT);
    expect(parseEvalNegatives(text)).toEqual({ ...data, tag: 't', users: Int32Array.from([5, 6]) });
  });

  it('names the source in its errors', () => {
    expect(() => parseEvalNegatives('{"format":"other"}', 'https://x/neg.json')).toThrow(
      'parseEvalNegatives: https://x/neg.json: format is "other", expected "clrec-eval-negatives/v1"',
    );
    expect(() => parseEvalNegatives('[')).toThrow(/^parseEvalNegatives: input: not valid JSON/);
  });
});
