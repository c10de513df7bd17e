import { join } from 'node:path';
import type { FitCallback, FitContext } from './callbacks';
import { type DatasetFingerprint, saveCheckpoint } from './checkpoint';
import type { TrainConfig } from './config';

/** Options of {@link checkpointCallback}. */
export interface CheckpointCallbackOptions {
  /** Checkpoints go to `<dir>/last` (weights, optimizer, queue, RNG: for resuming) and `<dir>/best` (weights). */
  dir: string;
  /**
   * Recorded in every manifest: the dataset facts (checked on resume), the recipe when there is one
   * (`clrec eval` / `clrec serve` / `--resume` read it; `loadModel` needs only the model options, which
   * are always saved), and the raw item ids (written beside the weights, so `clrec serve` answers raw ids).
   */
  meta: { config?: TrainConfig; dataset: DatasetFingerprint; itemIds?: string[] };
  /** Also save `last` every this many steps within an epoch (0 = epoch ends only). */
  every?: number;
}

/**
 * Saves checkpoints while fitting (Node): `last` at each epoch end, every `every` steps and when
 * training is stopped on request (Ctrl-C, `stopAfterSteps`); `best` at each epoch that an
 * evaluation callback before it marked best (`state.best`). Writes are atomic (a killed save leaves
 * the previous checkpoint, and the next save removes its orphaned temporaries) and every file's size
 * and SHA-256 are recorded, so a damaged checkpoint fails to load by name instead of loading garbage.
 */
export function checkpointCallback(o: CheckpointCallbackOptions): FitCallback {
  const meta = (ctx: FitContext) => ({ ...o.meta, state: ctx.snapshot(), model: ctx.model.options });
  const saveLast = async (ctx: FitContext) => {
    const m = meta(ctx);
    await saveCheckpoint(join(o.dir, 'last'), m, [...ctx.model.params, ...ctx.queue.variables()], await ctx.optimizer.getState());
  };
  return {
    specificationVersion: 'v1', name: 'checkpoint',
    async onStepEnd(e, ctx) {
      if ((o.every ?? 0) > 0 && e.step % o.every! === 0 && e.step < e.stepsPerEpoch) await saveLast(ctx);
    },
    async onEpochEnd(e, ctx) {
      if (ctx.state.best?.epoch === e.epoch) await saveCheckpoint(join(o.dir, 'best'), meta(ctx), ctx.model.params, null);
      await saveLast(ctx);
    },
    async onTrainEnd(e, ctx) {
      if (e.stopped === 'requested') await saveLast(ctx);
    },
  };
}
