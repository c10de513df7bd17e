import { AliasSampler } from './alias-sampler';

function checkCounts(fn: string, counts: ArrayLike<number>): void {
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!(c >= 0) || !Number.isFinite(c)) throw new Error(`${fn}: counts[${i}] = ${c} is not a finite non-negative number`);
  }
}

/**
 * Popularity proposal q(y) ∝ counts[y]^power over item ids (counts index = item id). Id 0 is padding
 * and always gets probability 0. power 1 = unigram (what a FIFO queue of past positives implicitly
 * samples, p_data), 0.75 = word2vec's smoothed unigram, 0 = uniform over the non-padding ids (every
 * id ≥ 1, including those with count 0, since 0^0 = 1).
 * @param counts non-negative count per item id (e.g. clicks or degree)
 * @param power exponent ≥ 0, default 1
 */
export function popularitySampler(counts: ArrayLike<number>, power = 1): AliasSampler {
  if (!(power >= 0) || !Number.isFinite(power)) throw new Error(`popularitySampler: power must be a finite number >= 0, got ${power}`);
  checkCounts('popularitySampler', counts);
  const w = new Float64Array(counts.length);
  for (let i = 1; i < counts.length; i++) w[i] = Math.pow(counts[i], power);
  return new AliasSampler(w);
}

/**
 * The negative-sampling proposal of KDD App. B.3: q(y) ∝ degree(y)^0.75 (Mikolov et al.), i.e.
 * {@link popularitySampler} with power 0.75. Id 0 (padding) gets probability 0.
 * @param counts item degree (interaction count) per item id
 */
export function degreeSampler(counts: ArrayLike<number>): AliasSampler {
  return popularitySampler(counts, 0.75);
}

/**
 * TensorFlow's log-uniform (Zipfian) candidate sampler (`tf.random.log_uniform_candidate_sampler`),
 * over items ranked by descending count: P(rank r) = (log(r+2) − log(r+1)) / log(R+1), r = 0..R−1,
 * with R = counts.length − 1 real items (rank 0 = most popular; ties broken by smaller id). Padding id 0
 * is excluded (probability 0). The sampler is indexed by item id: `prob(id)` is P(rank(id)). It only
 * needs the popularity ORDER, and approximates a Zipf law with exponent 1 whatever the actual counts.
 * @param counts non-negative count per item id (only the order matters)
 */
export function logUniformSampler(counts: ArrayLike<number>): AliasSampler {
  checkCounts('logUniformSampler', counts);
  const r = counts.length - 1;
  if (r < 1) throw new Error('logUniformSampler: need at least one non-padding item (counts.length >= 2)');
  const ids = Array.from({ length: r }, (_, i) => i + 1);
  ids.sort((a, b) => counts[b] - counts[a] || a - b);
  const w = new Float64Array(counts.length);
  const norm = Math.log(r + 1);
  ids.forEach((id, rank) => {
    w[id] = (Math.log(rank + 2) - Math.log(rank + 1)) / norm;
  });
  return new AliasSampler(w);
}
