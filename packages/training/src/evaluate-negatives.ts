import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalExample } from '@clrec/datasets';
import { deriveSeed } from '@clrec/core';
import { type EvalNegatives, loadEvalNegatives, saveEvalNegatives, sampleEvalNegatives } from '@clrec/metrics/node';

/** The sampled evaluation protocols, by config name. */
export const SAMPLED_PROTOCOLS = ['sampled-popularity', 'sampled-uniform'] as const;

/** Name of a sampled protocol (see {@link SAMPLED_PROTOCOLS}). */
export type SampledProtocol = (typeof SAMPLED_PROTOCOLS)[number];

/** What each sampled protocol draws from and leaves out (recorded in results). */
export const SAMPLED_PROTOCOL_RULES: Record<SampledProtocol, { mode: 'popularity' | 'uniform'; exclude: string }> = {
  'sampled-popularity': { mode: 'popularity', exclude: "every item the user interacted with (train, validation and test)" },
  'sampled-uniform': { mode: 'uniform', exclude: 'the history fed to the model and the target' },
};

/** Input of {@link prepareEvalNegatives}. */
export interface NegativesRequest {
  protocol: SampledProtocol;
  split: 'valid' | 'test';
  /** The evaluated examples, in evaluation order (one row of negatives each). */
  examples: EvalExample[];
  /** Every user's full chronological sequence (train + validation + test items), index = dense user. */
  sequences: Int32Array[];
  /** Training clicks per item id (index 0 = padding): the popularity protocol's weights. */
  itemCounts: Float64Array;
  numItems: number;
  /** Negatives per user. */
  count: number;
  /** The evaluation seed; the file's seed is derived from it, the split and the protocol. */
  evalSeed: number;
  /** Directory of the negatives files. */
  dir: string;
  /** Identifies the dataset and split rule (e.g. name, users, items, interactions, split kind). */
  datasetTag: string;
  log: (line: string) => void;
}

/** Negatives ready for `evaluateProtocols`, plus where they came from. */
export interface PreparedNegatives {
  protocol: SampledProtocol;
  file: string;
  /** True when an existing file was reused, false when drawn and saved now. */
  reused: boolean;
  data: EvalNegatives;
}

/** Exact equality of two int arrays. */
function sameIds(a: ArrayLike<number> | undefined, b: ArrayLike<number>): boolean {
  if (a === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The fixed negatives of one split under one sampled protocol. The file
 * `<dir>/<split>-<protocol>-<count>-seed<evalSeed>-<users>users.json` is loaded when it exists (after
 * checking it was drawn for the same dataset, split, protocol, count, seed and users, so every model
 * of a comparison is ranked against the same candidates), otherwise the negatives are drawn
 * (seeded, without replacement) and saved atomically.
 *
 * @throws Error naming the file when an existing file does not match the request.
 */
export async function prepareEvalNegatives(req: NegativesRequest): Promise<PreparedNegatives> {
  const rule = SAMPLED_PROTOCOL_RULES[req.protocol];
  const code = (req.split === 'valid' ? 0 : 2) + (rule.mode === 'popularity' ? 0 : 1);
  const seed = deriveSeed(req.evalSeed, code);
  const users = Int32Array.from(req.examples, (e) => e.user);
  const tag = `${req.datasetTag}; split ${req.split}; ${req.protocol}: excluding ${rule.exclude}`;
  const file = join(req.dir, `${req.split}-${req.protocol}-${req.count}-seed${req.evalSeed}-${users.length}users.json`);
  if (existsSync(file)) {
    const data = await loadEvalNegatives(file);
    const problems: string[] = [];
    if (data.mode !== rule.mode) problems.push(`mode ${data.mode} (want ${rule.mode})`);
    if (data.count !== req.count) problems.push(`count ${data.count} (want ${req.count})`);
    if (data.seed !== seed) problems.push(`seed ${data.seed} (want ${seed})`);
    if (data.numItems !== req.numItems) problems.push(`numItems ${data.numItems} (want ${req.numItems})`);
    if (data.tag !== tag) problems.push(`tag "${data.tag}" (want "${tag}")`);
    if (!sameIds(data.users, users)) problems.push('a different list of evaluated users');
    if (problems.length) {
      throw new Error(`eval negatives ${file} do not match this evaluation: ${problems.join('; ')}. ` +
        'Delete the file to redraw, or point --eval-negatives-dir at another directory.');
    }
    req.log(`eval: reusing ${req.protocol} negatives for ${users.length} ${req.split} users from ${file}`);
    return { protocol: req.protocol, file, reused: true, data };
  }
  const drawn = sampleEvalNegatives({
    numItems: req.numItems,
    users: req.examples.map((e) =>
      rule.mode === 'popularity' ? { exclude: req.sequences[e.user] } : { exclude: [...e.history, e.target] }),
    count: req.count,
    mode: rule.mode,
    itemCounts: req.itemCounts,
    seed,
  });
  const data: EvalNegatives = { ...drawn, users, tag };
  await saveEvalNegatives(file, data);
  req.log(`eval: drew ${req.count} ${req.protocol} negatives for ${users.length} ${req.split} users` +
    `${drawn.shortUsers.length ? ` (${drawn.shortUsers.length} users had fewer eligible items)` : ''}, saved ${file}`);
  return { protocol: req.protocol, file, reused: false, data };
}
