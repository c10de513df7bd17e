import type { CliFlags } from './cli-args';
import { BenchArgError, parseIntFlag, parseList } from './list-option';
import type { ServeLoadOptions } from './serve-load';

/** Validated arguments of `clrec-bench serve-load`: the scenario's options as flags give them. */
export interface ServeLoadArgs extends Omit<ServeLoadOptions, 'out' | 'backend' | 'progress'> {
  out: string;
  backend: string;
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** Validates `serve-load` flags; `--checkpoint` is required, `--requests` and `--duration` exclude each other. */
export function parseServeLoadArgs(flags: CliFlags): ServeLoadArgs {
  const checkpoint = str(flags.checkpoint);
  if (!checkpoint) throw new BenchArgError('--checkpoint: required (a `clrec train` run or checkpoint directory; it also supplies the request histories)');
  const url = str(flags.url);
  if (url !== undefined && !/^https?:\/\/[^/]+/.test(url)) throw new BenchArgError(`--url: "${url}" is not an http(s) base URL like http://127.0.0.1:8080`);
  if (flags.requests !== undefined && flags.duration !== undefined) throw new BenchArgError('--requests and --duration: give one of them');
  const concurrency = (str(flags.concurrency) ?? '1,8,32').split(',').map((s) => parseIntFlag('--concurrency', s.trim(), 1, 1));
  const durationSeconds = parseIntFlag('--duration', str(flags.duration), 0, 1);
  return {
    checkpoint, url,
    indexes: parseList('--index', str(flags.index) ?? 'exact', ['exact', 'hnsw'] as const),
    concurrency,
    requests: durationSeconds > 0 ? 0 : parseIntFlag('--requests', str(flags.requests), 2000, 1),
    durationSeconds,
    warmup: parseIntFlag('--warmup', str(flags.warmup), 100, 0),
    k: parseIntFlag('--k', str(flags.k), 10, 1),
    bodies: parseIntFlag('--bodies', str(flags.bodies), 1000, 1),
    seed: parseIntFlag('--seed', str(flags.seed), 7, 0),
    out: str(flags.out) ?? 'bench-results',
    backend: str(flags.backend) ?? 'auto',
  };
}
