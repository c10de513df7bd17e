import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import { PRESETS, resolveRecipe } from './presets';

describe('presets', () => {
  it('the default preset is SASRec with the exact softmax, under the encoder defaults, history excluded', () => {
    const c = resolveRecipe();
    expect(c.preset).toBe('default');
    expect(c.userEncoder).toBe('sasrec');
    expect(c.loss).toBe('full-softmax');
    expect(c.excludeHistory).toBe(true);
    // sasrec's own defaults sit under the preset (USER_ENCODERS.sasrec.defaults)
    expect(c.heads).toBe(1);
    expect(c.maskOwnItems).toBe(true);
    expect([c.batchSize, c.learningRate, c.patience]).toEqual([128, 0.002, 5]);
  });

  it('paper-multiatt is DEFAULT_CONFIG itself', () => {
    expect(resolveRecipe({ preset: 'paper-multiatt' })).toEqual(DEFAULT_CONFIG);
  });

  it('the preset comes from the flags or the file; flags beat the file, the file beats the preset', () => {
    const c = resolveRecipe({ file: { values: { preset: 'sasrec-clrec', batchSize: 32 }, source: 'run.yaml' }, flags: { batchSize: '16' } });
    expect(c.preset).toBe('sasrec-clrec');
    expect(c.loss).toBe('infonce');
    expect(c.batchSize).toBe(16);
    expect(resolveRecipe({ flags: { preset: 'sasrec-ssm' } }).loss).toBe('sampled-softmax');
  });

  it("naming another encoder brings that encoder's defaults, under the flags", () => {
    const c = resolveRecipe({ preset: 'paper-multiatt', flags: { userEncoder: 'sasrec', dropout: '0.1' } });
    expect(c.heads).toBe(1);
    expect(c.dropout).toBe(0.1);
  });

  it('an unknown preset lists the registered ones', () => {
    expect(() => resolveRecipe({ preset: 'best' })).toThrow(/preset.*"best".*default, sasrec-clrec, sasrec-ssm, paper-multiatt/s);
  });

  it('every registered preset resolves to a valid recipe', () => {
    for (const name of PRESETS.names()) expect(resolveRecipe({ preset: name }).preset).toBe(name);
  });
});
