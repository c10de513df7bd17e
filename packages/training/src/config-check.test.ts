import { describe, expect, it } from 'vitest';
import { applyConfig, DEFAULT_CONFIG } from './config';
import { checkConfig, selectableMetrics } from './config-check';
import { resolveRecipe } from './presets';

describe('checkConfig (cross-key checks before any work)', () => {
  it('lists the metrics validation reports: full ranking per K, MRR, AD@K and the sampled protocols', () => {
    const names = selectableMetrics({ ks: [5, 10], debiasKs: [10], evalProtocols: ['full', 'sampled-popularity'] });
    expect(names).toEqual([
      'HR@5', 'NDCG@5', 'HR@10', 'NDCG@10', 'MRR', 'AD@10',
      'sampled-popularity:HR@1', 'sampled-popularity:HR@5', 'sampled-popularity:NDCG@5', 'sampled-popularity:HR@10', 'sampled-popularity:NDCG@10', 'sampled-popularity:MRR',
    ]);
  });

  it('accepts every preset as it is', () => {
    for (const preset of ['default', 'sasrec-clrec', 'sasrec-ssm', 'paper-multiatt']) expect(() => checkConfig(resolveRecipe({ preset }))).not.toThrow();
  });

  it('refuses a select metric that validation does not report, naming the valid ones', () => {
    const c = resolveRecipe({ flags: { selectMetric: 'NDCG@50' } });
    expect(() => checkConfig(c)).toThrow(/--select-metric "NDCG@50" is not reported by validation with --ks 5,10,20[\s\S]*valid: HR@5, NDCG@5/);
    expect(() => checkConfig(resolveRecipe({ flags: { selectMetric: 'sampled-uniform:HR@10' } }))).toThrow(/sampled-uniform:HR@10/);
    expect(() => checkConfig(resolveRecipe({ flags: { selectMetric: 'sampled-uniform:HR@10', evalProtocols: 'full,sampled-uniform' } }))).not.toThrow();
  });

  it("refuses sasrec heads that do not divide d, but not MultiAtt's (its heads are whole d-vectors)", () => {
    expect(() => checkConfig(resolveRecipe({ flags: { heads: '7', dim: '64' } }))).toThrow(/--heads 7 must divide --dim 64 .* e\.g\. --heads 8/);
    expect(() => checkConfig(resolveRecipe({ preset: 'paper-multiatt', flags: { heads: '7', dim: '64' } }))).not.toThrow();
  });

  it('refuses a loss and queue that cannot train together', () => {
    expect(() => checkConfig({ ...DEFAULT_CONFIG, loss: 'sampled-softmax', queue: 'inter' })).toThrow(/cannot train with queue "inter"/);
  });

  it('applyConfig range-checks the temperature, the learning rate and the bad-line ceiling', () => {
    expect(() => applyConfig(DEFAULT_CONFIG, { temperature: '1e-30' }, 'command line')).toThrow(/"temperature" must be a number in \[0\.001, 100\]/);
    expect(() => applyConfig(DEFAULT_CONFIG, { learningRate: 1e6 }, 'run.yaml')).toThrow(/run\.yaml: "learningRate" must be a number in/);
    expect(() => applyConfig(DEFAULT_CONFIG, { maxBadLines: 0 }, 'command line')).toThrow(/"maxBadLines" must be a number/);
    expect(() => applyConfig(DEFAULT_CONFIG, { maxBadLines: 2.5 }, 'command line')).toThrow(/"maxBadLines" must be a fraction in \(0, 1\) of the lines read or a whole count >= 1/);
    expect(applyConfig(DEFAULT_CONFIG, { maxBadLines: '25', encoding: 'latin1' }, 'command line')).toMatchObject({ maxBadLines: 25, encoding: 'latin1' });
    expect(() => applyConfig(DEFAULT_CONFIG, { encoding: 'cp1252' }, 'command line')).toThrow(/"encoding" is "cp1252"; valid values: auto, utf8, latin1/);
  });
});
