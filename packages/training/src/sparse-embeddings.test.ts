import { join } from 'node:path';
import { initBackend } from '@clrec/backend/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from './checkpoint';
import { applyConfig, ConfigError, DEFAULT_CONFIG } from './config';
import { tinyRun } from './test-setup';
import { train } from './train';

const quiet = () => {};

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: quiet });
});

describe('trainer optimizer: lazy Adam on embedding tables by default, dense with --sparse-embeddings false', () => {
  it('trains both ways (the results differ) and both resume exactly', async () => {
    const lazy = await train({ config: tinyRun({ epochs: 1 }).config, backend: 'wasm', log: quiet });
    const dense = await train({ config: tinyRun({ epochs: 1, sparseEmbeddings: false }).config, backend: 'wasm', log: quiet });
    expect(Number.isFinite(lazy!.history[0].loss) && Number.isFinite(dense!.history[0].loss)).toBe(true);
    // Lazy and dense Adam update the same rows by the same amounts at step 1 only; over an epoch
    // the untouched rows' moments differ (dense decays and applies them), so the results differ.
    expect(lazy!.history[0].loss).not.toBe(dense!.history[0].loss);
    for (const sparseEmbeddings of [true, false]) {
      const full = sparseEmbeddings ? lazy : dense;
      const { config } = tinyRun({ epochs: 1, checkpointEvery: 2, sparseEmbeddings });
      expect(await train({ config, backend: 'wasm', log: quiet, stopAfterSteps: 3 })).toBeNull();
      const ck = loadCheckpoint(join(config.out, 'checkpoints', 'last'));
      // the optimizer state holds the table's moments either way (same checkpoint format)
      expect(ck.manifest.optimizer?.slots.map((s) => s.name)).toContain('item.id_embedding');
      const resumed = await train({ config, resume: ck, backend: 'wasm', log: quiet });
      expect(resumed!.metrics).toEqual(full!.metrics);
    }
  });

  it('parses the flag as a boolean and rejects anything else', () => {
    expect(applyConfig(DEFAULT_CONFIG, { sparseEmbeddings: 'false' }, '--flags').sparseEmbeddings).toBe(false);
    expect(DEFAULT_CONFIG.sparseEmbeddings).toBe(true);
    expect(() => applyConfig(DEFAULT_CONFIG, { sparseEmbeddings: 'maybe' }, '--flags')).toThrow(ConfigError);
  });
});
