import { BACKENDS, type CliFlags } from './cli-args';
import { BenchArgError, parseIntFlag, parseList } from './list-option';
import { DEFAULT_PAPER_MODELS, PAPER_MODEL_NAMES } from './paper-models';
import type { PaperOptions } from './paper';

/** Validated arguments of `clrec-bench paper`: the scenario's options as flags give them. */
export interface PaperArgs extends Omit<PaperOptions, 'backend' | 'command' | 'overrides' | 'progress'> {
  backend: (typeof BACKENDS)[number];
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** Parses a boolean flag given as `--flag`, `--flag true|false|1|0`, or absent. */
function parseBool(flag: string, raw: string | boolean | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (raw === true || raw === 'true' || raw === '1') return true;
  if (raw === false || raw === 'false' || raw === '0') return false;
  throw new BenchArgError(`${flag}: must be true or false, got "${String(raw)}"`);
}

/** `--clrec-priors 0.5,1`: finite numbers other than 0 (absent: none). */
function parsePriors(raw: string | undefined): number[] {
  if (raw === undefined) return [];
  return raw.split(',').map((t) => {
    const v = Number(t.trim());
    if (t.trim() === '' || !Number.isFinite(v) || v === 0) throw new BenchArgError(`--clrec-priors: "${t}" is not a non-zero number (e.g. --clrec-priors 0.5,1)`);
    return v;
  });
}

/**
 * Validates `paper` flags (commander's camelCase keys); `--data` is required. Defaults: 5 epochs,
 * models clrec, sampled-softmax, full-softmax, ipw, negative-sampling, out `bench-results/paper`,
 * all users, history kept, checkpoint selection by validation `sampled-popularity:NDCG@10` (the
 * protocol of the paper's accuracy table; a contrastive model's full-ranking NDCG can stall while its
 * sampled-protocol accuracy still improves, so full-ranking selection would stop it early).
 */
export function parsePaperArgs(flags: CliFlags): PaperArgs {
  const data = str(flags.data);
  if (!data) throw new BenchArgError('--data: required (a dataset path, e.g. ../shared/datasets/amazon-5core/Beauty.txt or ../shared/datasets/ml-100k, or sim)');
  const selectMetric = str(flags.selectMetric) ?? 'sampled-popularity:NDCG@10';
  if (!/^((sampled-popularity|sampled-uniform):(HR@(1|5|10)|NDCG@(5|10)|MRR)|HR@(10|50)|NDCG@(10|50)|MRR)$/.test(selectMetric)) {
    throw new BenchArgError(`--select-metric: "${selectMetric}" is not reported; use e.g. NDCG@10, HR@50, MRR, sampled-popularity:NDCG@10`);
  }
  return {
    data,
    epochs: parseIntFlag('--epochs', str(flags.epochs), 5, 1),
    models: parseList('--models', str(flags.models) ?? DEFAULT_PAPER_MODELS.join(','), PAPER_MODEL_NAMES),
    out: str(flags.out) ?? 'bench-results/paper',
    maxEvalUsers: parseIntFlag('--max-eval-users', str(flags.maxEvalUsers), 0, 0),
    excludeHistory: parseBool('--exclude-history', flags.excludeHistory, true),
    selectMetric,
    configFile: str(flags.config),
    clrecPriors: parsePriors(str(flags.clrecPriors)),
    backend: parseList('--backend', str(flags.backend) ?? 'auto', BACKENDS)[0],
  };
}
