import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  Backend,
  IntentRouter,
  ItemEncoder,
  Loss,
  Metric,
  NegativeQueue,
  Optimizer,
  SpecificationVersion,
  TrainingCallback,
  TwoTowerModel,
  UserEncoder,
  VectorIndex,
  VectorIndexFactory,
} from './index';

// Type-level checks: `tsc --noEmit` (the package's typecheck) fails if `specificationVersion` became
// optional (the @ts-expect-error lines would then be unused) or took another value.
describe('plugin specification types', () => {
  it('requires specificationVersion: v1 on every plugin interface', () => {
    type Plugins = [
      Optimizer, ItemEncoder, UserEncoder, Loss, NegativeQueue, IntentRouter, Metric, Backend,
      VectorIndex, VectorIndexFactory, TwoTowerModel, TrainingCallback,
    ];
    expectTypeOf<Plugins[number]['specificationVersion']>().toEqualTypeOf<'v1'>();
    expectTypeOf<SpecificationVersion>().toEqualTypeOf<'v1'>();

    const metric: Metric = { specificationVersion: 'v1', name: 'HR@1', fromRanks: (r) => (r.length ? 1 : NaN) };
    // @ts-expect-error specificationVersion is required
    const noVersion: Metric = { name: 'HR@1', fromRanks: () => 1 };
    // @ts-expect-error only 'v1' exists
    const otherVersion: Metric = { specificationVersion: 'v2', name: 'HR@1', fromRanks: () => 1 };
    // @ts-expect-error specificationVersion is required on callbacks too
    const callback: TrainingCallback = { name: 'log' };
    // @ts-expect-error a Loss must declare what it requires
    const loss: Loss = { specificationVersion: 'v1', name: 'x', compute: () => undefined as never };
    // @ts-expect-error a NegativeQueue must declare its kind
    const kindless: Pick<NegativeQueue, 'kind' | 'capacity'> = { capacity: 3 };
    expect(metric.fromRanks([0])).toBe(1);
    expect([noVersion, otherVersion, callback, loss, kindless]).toHaveLength(5);
  });

  it('types TrainingCallback hooks with the context type parameter', () => {
    interface Ctx {
      control: { stop(reason: string): void; readonly stopRequested: boolean };
    }
    const stops: string[] = [];
    const early: TrainingCallback<Ctx> = {
      specificationVersion: 'v1',
      name: 'early-stop',
      onEpochEnd: (event, ctx) => {
        if ((event.metrics['NDCG@10'] ?? 0) < 0.1) ctx.control.stop('no gain');
      },
    };
    const ctx: Ctx = { control: { stop: (r) => stops.push(r), stopRequested: false } };
    early.onEpochEnd?.({ epoch: 1, loss: 1, seconds: 2, metrics: { 'NDCG@10': 0.05 } }, ctx);
    expect(stops).toEqual(['no gain']);
  });
});
