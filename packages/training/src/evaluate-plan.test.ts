import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '@clrec/backend/node';
import { simulate } from '@clrec/datasets';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import { prepareData } from './data';
import { evaluateCheckpoint } from './evaluate-checkpoint';
import { evaluateDebias } from './evaluate-debias';
import { byProtocol } from './evaluate-plan';
import { tinyRun } from './test-setup';
import { train } from './train';

const quiet = () => {};

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: quiet });
});

describe('evaluation protocols in train and eval', () => {
  it('records both sampled protocols, the debiasing metrics and reuses the negatives across runs', async () => {
    const { dir, config } = tinyRun({ epochs: 1, evalProtocols: ['full', 'sampled-popularity', 'sampled-uniform'], debiasKs: [5, 10], evalNegatives: 50 });
    const shared = join(dir, 'negatives');
    const a = await train({ config: { ...config, evalNegativesDir: shared }, backend: 'wasm', log: quiet });
    const p = a!.protocol;
    expect(p.sampled.map((s) => [s.name, s.mode, s.count, s.files.test.reused])).toEqual([
      ['sampled-popularity', 'popularity', 50, false], ['sampled-uniform', 'uniform', 50, false],
    ]);
    expect(existsSync(p.sampled[0].files.test.path)).toBe(true);
    const t = a!.metrics.test;
    for (const key of ['HR@10', 'sampled-popularity:HR@1', 'sampled-popularity:NDCG@10', 'sampled-uniform:MRR']) expect(t[key]).toBeGreaterThanOrEqual(0);
    expect(Object.keys(byProtocol(t))).toEqual(['full', 'sampled-popularity', 'sampled-uniform']);
    // 1 + 50 candidates: a model at chance has HR@10 ≈ 10/51; sampled ranks never exceed full ranks
    expect(t['sampled-uniform:HR@10']).toBeGreaterThanOrEqual(t['HR@10']);
    const d = a!.debias!;
    expect(d.atK.map((x) => x.k)).toEqual([5, 10]);
    expect(d.users).toBe(p.users.test);
    expect(d.atK[1].aggregateDiversity).toBeGreaterThanOrEqual(d.atK[0].aggregateDiversity);
    expect(d.atK[0].degreeBuckets.reduce((s, b) => s + b.impressions, 0)).toBe(5 * d.users);
    expect(d.atK[0].preferenceRecall).toBeNull();
    // AD@K in the metric records: the same top-K lists' aggregate diversity, each epoch on validation too
    expect(t['AD@5']).toBe(d.atK[0].aggregateDiversity);
    expect(t['AD@10']).toBe(d.atK[1].aggregateDiversity);
    expect(a!.history[0].valid['AD@10']).toBeGreaterThan(0);
    const md = readFileSync(join(config.out, 'results.md'), 'utf8');
    expect(md).toContain('sampled-popularity: the target against 50 popularity-sampled negatives');
    expect(md).toContain('aggregate diversity');
    // a second model (another seed) on the same directory is judged on the same candidates
    const b = await train({ config: { ...config, seed: 9, out: join(dir, 'run-b'), evalNegativesDir: shared }, backend: 'wasm', log: quiet });
    expect(b!.protocol.sampled.map((s) => s.files.test.reused)).toEqual([true, true]);
    expect(b!.protocol.sampled[0].files.test.path).toBe(p.sampled[0].files.test.path);
    // clrec eval of run A re-draws nothing and reproduces its test metrics
    const rows = (await evaluateCheckpoint(config.out, {}, 'wasm', quiet)).rows;
    expect(rows.test).toEqual(t);
    // the simulator never repeats a click: no repeat targets; the history was excluded (the default), so repeats would be masked
    expect([t.repeatTargets, p.repeatTargetsMasked]).toEqual([0, true]);
    expect(md).toContain("Targets already in the user's history (repeats): 0 validation, 0 test; masked with the history, counted as misses.");
    const evalJson = JSON.parse(readFileSync(join(config.out, 'eval.json'), 'utf8'));
    expect(evalJson.protocol.sampled[0].files.test.reused).toBe(true);
    expect(evalJson.debias.atK[0].aggregateDiversity).toBe(d.atK[0].aggregateDiversity);
  });

  it('counts repeat targets per split in results.json, results.md and the printed table, masked with the history excluded', async () => {
    const { dir, config: base } = tinyRun({ epochs: 1, excludeHistory: true, debiasKs: [5] });
    // every third user clicks their first item again at the end: that repeat is their test target
    const lines = readFileSync(base.data, 'utf8').trim().split('\n')
      .map((line, i) => (i % 3 === 0 ? `${line} ${line.split(' ')[1]}` : line));
    const data = join(dir, 'repeats.txt');
    writeFileSync(data, `${lines.join('\n')}\n`);
    const config = { ...base, data };
    const split = prepareData(config, quiet).split;
    const repeats = (examples: { history: Int32Array; target: number }[]) => examples.filter((e) => e.history.includes(e.target)).length;
    const expected = { valid: repeats(split.valid), test: repeats(split.test) };
    expect(expected.test).toBeGreaterThanOrEqual(100); // 100 of the 300 users at least
    const logged: string[] = [];
    const r = (await train({ config, backend: 'wasm', log: (line) => logged.push(line) }))!;
    expect(r.protocol.repeatTargetsMasked).toBe(true);
    expect(r.metrics.test.repeatTargets).toBe(expected.test);
    expect(r.metrics.valid.repeatTargets).toBe(expected.valid);
    const json = JSON.parse(readFileSync(join(config.out, 'results.json'), 'utf8'));
    expect([json.protocol.repeatTargetsMasked, json.metrics.test.repeatTargets]).toEqual([true, expected.test]);
    const md = readFileSync(join(config.out, 'results.md'), 'utf8');
    expect(md).toContain(`Targets already in the user's history (repeats): ${expected.valid} validation, ${expected.test} test; masked with the history, counted as misses.`);
    const table = logged.find((line) => line.includes('full ranking'))!;
    expect(table).toContain('full ranking (history excluded, repeats = misses)');
    expect(table).toContain('repeatTargets');
    // a third of the test targets are misses by construction: HR@20 <= 2/3
    expect(r.metrics.test['HR@20']).toBeLessThanOrEqual(1 - expected.test / r.metrics.test.count);
    // clrec eval with the history included ranks them instead, and says so
    await evaluateCheckpoint(config.out, { excludeHistory: false }, 'wasm', quiet);
    const evalJson = JSON.parse(readFileSync(join(config.out, 'eval.json'), 'utf8'));
    expect([evalJson.protocol.repeatTargetsMasked, evalJson.metrics.test.repeatTargets]).toEqual([false, expected.test]);
    expect(readFileSync(join(config.out, 'eval.md'), 'utf8')).toContain('test; ranked with the other items.');
  });

  it('measures recall of the true preferences on the simulator', () => {
    const config = { ...DEFAULT_CONFIG, data: 'sim', seed: 5, debiasKs: [3] };
    const data = prepareData(config, quiet);
    const { truth } = simulate({ seed: 5 });
    const examples = data.split.test.slice(0, 20);
    // the true top-3 lists themselves: recall 1; a list with one true item of three (+ 2 others): 1/3
    const exact = evaluateDebias(examples.map((e) => truth.trueTopK(e.user, 3)), examples, data, config);
    expect(exact.groundTruthPreferences).toBe(true);
    expect(exact.atK[0].preferenceRecall).toBe(1);
    const partial = examples.map((e) => {
      const top = truth.trueTopK(e.user, 3);
      const others = truth.trueTopK(e.user, 50).slice(10, 12);
      return Int32Array.from([top[0], others[0], others[1]]);
    });
    expect(evaluateDebias(partial, examples, data, config).atK[0].preferenceRecall).toBeCloseTo(1 / 3, 12);
  });
});
