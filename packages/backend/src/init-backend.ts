import * as tf from '@tensorflow/tfjs';
import type { Backend, BackendName } from '@clrec/spec';
import { BACKEND_NAMES, BROWSER_BACKEND_NAMES, defaultBackendNames } from './backend-name';
import { backendPlugin, threadsFor } from './backend-plugin';
import { dynamicImport, type ModuleImporter } from './node-bindings';
import { activeNativeStatus, describeNative } from './native-status';
import { registerFastKernels } from './register';
import { detectRuntime, type Runtime } from './runtime';

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * Backend to use. `auto` (default) tries, in order, under Node `tensorflow-gpu`
   * (`@tensorflow/tfjs-node-gpu`), `tensorflow` (`@tensorflow/tfjs-node`), `wasm`, then `cpu`
   * (`BACKEND_NAMES`); in a browser `webgpu` (`@tensorflow/tfjs-backend-webgpu`, when loaded or
   * importable), `webgl`, `wasm`, then `cpu` (`BROWSER_BACKEND_NAMES`). A named backend that is
   * unavailable makes `initBackend` throw.
   */
  prefer?: BackendName | 'auto' | Backend;
  /**
   * The `Backend` plugins to choose among, in order of preference (what `auto` tries, and where a
   * named `prefer` is looked up by `name`). Default: the built-in ones (`backendPlugin`) for
   * `BACKEND_NAMES` under Node, `BROWSER_BACKEND_NAMES` in a browser. Pass your own — e.g. a
   * wrapper that sets WASM paths first — to replace them.
   * A `Backend` given as `prefer` is used as it is, whatever this list holds.
   */
  backends?: readonly Backend[];
  /** Receives the one-line report of the choice. Default: `console.error`. */
  log?: (line: string) => void;
  /**
   * Only compute paths whose float sums do not depend on thread count or machine load: the tfjs-node
   * backends (`tensorflow`, `tensorflow-gpu`) and the GPU backends of browsers (`webgpu`, `webgl`)
   * are skipped by `auto` and refused by name, and a system BLAS opted into with `CLREC_BLAS` is
   * refused. The WASM backend with the bundled GEMM (the default) and the JS `cpu` backend qualify.
   * Default false (the default path is deterministic anyway).
   */
  deterministic?: boolean;
}

/** Backends whose results may change with thread count or load (not allowed with `deterministic`). */
const NONDETERMINISTIC: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'webgl'];

/** Why `deterministic` refuses the backend `name` (one of {@link NONDETERMINISTIC}). */
function nondeterministicReason(name: BackendName): string {
  if (name === 'tensorflow' || name === 'tensorflow-gpu') {
    return `deterministic: backend "${name}" (tfjs-node) sums in an order that depends on its thread pool; use --backend wasm or cpu, or drop --deterministic`;
  }
  return `deterministic: backend "${name}" (GPU) sums in an order the GPU and its driver choose; use wasm or cpu, or drop deterministic`;
}

/** What {@link initBackend} chose. */
export interface BackendInfo {
  /** The library backend now active. */
  name: BackendName;
  /** The tfjs backend name now active (`tensorflow` for both native backends). */
  tfBackend: string;
  /** Backends tried before `name` and why each was unavailable, in the order tried. */
  tried: { name: BackendName; error: string }[];
  /** Compute threads of the chosen backend (see `threadsFor`). */
  threads: number;
  /**
   * On `wasm`: whether the optional native kernels (BLAS matmul on the WASM heap) are in use and
   * why not, e.g. `native kernels: on (bundled GEMM (AVX2+FMA), 2 threads)`. Null on other backends.
   */
  native: string | null;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function reportLine(info: BackendInfo, forced: boolean): string {
  const threads = `${info.threads} thread${info.threads === 1 ? '' : 's'}`;
  let line = `[clrec] backend: ${info.name} (tfjs "${info.tfBackend}", ${threads}${forced ? ', requested' : ''})`;
  if (info.native !== null) line += `; ${info.native}`;
  if (info.tried.length > 0) {
    line += `; skipped ${info.tried.map((t) => `${t.name}: ${t.error}`).join('; ')}`;
  }
  return line;
}

/** Names of the `candidates` that can be activated; restores the active tfjs backend afterwards. */
async function probeAvailable(candidates: readonly Backend[]): Promise<BackendName[]> {
  const previous = tf.engine().backendName as string | null;
  const available: BackendName[] = [];
  for (const backend of candidates) {
    try {
      await backend.activate();
      available.push(backend.name);
    } catch {
      // unavailable
    }
  }
  if (previous && tf.engine().backendName !== previous) await tf.setBackend(previous);
  return available;
}

/** Every backend name of either runtime. */
const KNOWN_NAMES: readonly BackendName[] = [...new Set([...BACKEND_NAMES, ...BROWSER_BACKEND_NAMES])];

/** True for a `Backend` object (as opposed to a name or `auto`). */
function isBackend(x: unknown): x is Backend {
  return typeof x === 'object' && x !== null && typeof (x as Backend).activate === 'function';
}

/**
 * {@link initBackend} with an injectable module importer for the optional packages (tests use it to
 * simulate installed or broken `@tensorflow/tfjs-node*` packages) and runtime (which default order).
 */
export async function initBackendWith(
  opts: InitBackendOptions,
  importer: ModuleImporter,
  runtime: Runtime = detectRuntime(),
): Promise<BackendInfo> {
  const prefer = opts.prefer ?? 'auto';
  const log = opts.log ?? ((line: string) => console.error(line));
  const names = defaultBackendNames(runtime);
  const backends = opts.backends ?? names.map((name) => backendPlugin(name, importer));
  for (const b of isBackend(prefer) ? [prefer] : backends) {
    if (b.specificationVersion !== 'v1') {
      throw new Error(`Backend "${String(b.name)}" implements specification ${String(b.specificationVersion)}; this version of @clrec/backend needs v1.`);
    }
  }
  let order: readonly Backend[];
  if (isBackend(prefer)) {
    order = [prefer];
  } else if (prefer === 'auto') {
    order = backends;
  } else {
    if (!KNOWN_NAMES.includes(prefer)) {
      throw new Error(`Unknown backend "${String(prefer)}". Valid names: auto, ${names.join(', ')}.`);
    }
    const named = backends.find((b) => b.name === prefer);
    if (named === undefined) {
      throw new Error(opts.backends !== undefined
        ? `Backend "${prefer}" is not among the backends given (${backends.map((b) => b.name).join(', ') || 'none'}).`
        : `Backend "${prefer}" does not run ${runtime === 'node' ? 'under Node' : 'in a browser'}; choose one of auto, ${names.join(', ')}.`);
    }
    order = [named];
  }
  if (opts.deterministic) {
    const refused = order.find((b) => NONDETERMINISTIC.includes(b.name));
    if (prefer !== 'auto' && refused) throw new Error(nondeterministicReason(refused.name));
    order = order.filter((b) => !NONDETERMINISTIC.includes(b.name));
  }
  registerFastKernels();
  const forced = prefer !== 'auto';
  const tried: BackendInfo['tried'] = [];
  for (const backend of order) {
    const { name } = backend;
    try {
      const tfBackend = await backend.activate();
      const info: BackendInfo = { name, tfBackend, tried, threads: await threadsFor(name), native: name === 'wasm' ? describeNative() : null };
      const blas = name === 'wasm' ? activeNativeStatus().blas : null;
      if (opts.deterministic && blas !== null) {
        throw new Error(`deterministic: CLREC_BLAS=${process.env.CLREC_BLAS ?? ''} makes ${blas} run the matrix products, and its sums depend on its thread count; unset CLREC_BLAS (the bundled GEMM gives the same bits on any thread count) or drop --deterministic`);
      }
      log(reportLine(info, forced));
      return info;
    } catch (err) {
      tried.push({ name, error: errorText(err) });
    }
  }
  const reasons = tried.map((t) => `${t.name}: ${t.error}`).join('; ');
  if (!forced) throw new Error(`No compute backend could be initialised (${reasons}).`);
  const chosen = order[0];
  const available = await probeAvailable(backends.filter((b) => b !== chosen && b.name !== chosen.name));
  throw new Error(
    `Backend "${chosen.name}" is not available: ${(tried[0]?.error ?? 'unknown reason').replace(/\.$/, '')}. ` +
      `Available here: ${available.length > 0 ? available.join(', ') : 'none'}.`,
  );
}

/**
 * Picks and activates the compute backend on the shared tfjs engine — the first of `backends` (default:
 * the built-in `Backend` plugins of this runtime: `tensorflow-gpu`, `tensorflow`, `wasm`, `cpu` under
 * Node; `webgpu`, `webgl`, `wasm`, `cpu` in a browser) that activates, or the one `prefer` names or
 * is — registers this package's kernels ({@link registerFastKernels}), and logs one line naming the
 * choice and why faster backends were skipped. The optional packages (tfjs-node, tfjs-node-gpu,
 * tfjs-backend-webgpu) are loaded at run time by a name held in a variable; any error while loading
 * one (not installed, missing `tfjs_binding.node`, ...) counts as "not available".
 * Under Node, import it from `@clrec/backend/node` to also use the optional native addon on `wasm`.
 * Safe to call more than once; each call re-activates the requested backend.
 *
 * @throws Error when a named `prefer` is unavailable, with the reason and the backends available.
 */
export function initBackend(opts: InitBackendOptions = {}): Promise<BackendInfo> {
  return initBackendWith(opts, dynamicImport);
}
