import { describe, expect, it } from 'vitest';
import { parseEfficiencyArgs, parsePeerThreads, parseSamplingArgs } from './cli-args';
import { buildProgram } from './cli-program';
import { parseList } from './list-option';

async function run(...args: string[]): Promise<unknown> {
  const program = buildProgram().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  for (const c of program.commands) c.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  return program.parseAsync(['node', 'clrec-bench', ...args]);
}

describe('clrec-bench arguments', () => {
  it('rejects an unknown scenario, listing the valid ones', async () => {
    await expect(run('speed')).rejects.toThrow(/unknown scenario "speed"; valid scenarios: throughput, efficiency, sampling, .*paper/);
  });

  it('rejects unknown variants, settings and objectives before doing any work, listing the valid ones', async () => {
    await expect(run('efficiency', '--variants', 'inter,moco')).rejects.toThrow('--variants: unknown value "moco"; valid: inter, cached, sampled-softmax');
    await expect(run('efficiency', '--settings', 'fancy')).rejects.toThrow('--settings: unknown value "fancy"; valid: plain, features, rich-label');
    await expect(run('sampling', '--data', 'sim', '--objectives', 'bpr')).rejects.toThrow(/--objectives: unknown value "bpr"; valid: infonce-inter, infonce-cached, sampled-softmax, .*ipw/);
    await expect(run('sampling')).rejects.toThrow('--data: required');
    await expect(run('efficiency', '--steps', '0')).rejects.toThrow('--steps: must be an integer >= 1, got "0"');
    await expect(run('efficiency', '--backend', 'tpu')).rejects.toThrow(/Allowed choices are auto, tensorflow-gpu, tensorflow, wasm, cpu/);
  });

  it('applies the documented defaults', () => {
    const e = parseEfficiencyArgs({ dedupe: true });
    expect(e.settings).toEqual(['plain', 'features', 'rich-label']);
    expect(e.variants).toEqual(['inter', 'cached', 'sampled-softmax']);
    expect([e.steps, e.warmup, e.shape.catalog, e.out, e.peer, e.optimizer, e.dedupe]).toEqual([30, 5, 100_000, 'bench-results', false, 'lazy', true]);
    expect(e.peerThreads).toEqual([]);
    expect(parseEfficiencyArgs({ catalog: '2000', variants: 'cached,inter,cached', dedupe: false })).toMatchObject({ variants: ['cached', 'inter'], dedupe: false, shape: { catalog: 2000 } });
    const s = parseSamplingArgs({ data: 'x.txt', maxEvalUsers: '5000' });
    expect([s.epochs, s.maxEvalUsers, s.objectives.length]).toEqual([3, 5000, 7]);
  });

  it('parses --peer-threads as a list of thread counts (0 = all cores)', async () => {
    expect(parsePeerThreads('1,2')).toEqual([1, 2]);
    expect(parsePeerThreads(' 2, 1,2 ')).toEqual([2, 1]);
    expect(parsePeerThreads('4')).toEqual([4]);
    expect(parsePeerThreads('0')).toEqual([0]);
    expect(parsePeerThreads(undefined)).toEqual([]);
    expect(parseEfficiencyArgs({ peer: true, peerThreads: '1,2' })).toMatchObject({ peer: true, peerThreads: [1, 2] });
    expect(() => parsePeerThreads(',')).toThrow('--peer-threads: empty list');
    expect(() => parsePeerThreads('1,two')).toThrow('--peer-threads: must be an integer >= 0, got "two"');
    await expect(run('throughput', '--peer', '--peer-threads', '1,-2')).rejects.toThrow('--peer-threads: must be an integer >= 0, got "-2"');
  });

  it('parseList keeps order, drops duplicates and refuses empty lists', () => {
    expect(parseList('--x', 'b, a,b', ['a', 'b', 'c'])).toEqual(['b', 'a']);
    expect(parseList('--x', undefined, ['a', 'b'])).toEqual(['a', 'b']);
    expect(() => parseList('--x', ' , ', ['a'])).toThrow('--x: empty list; valid: a');
  });
});
