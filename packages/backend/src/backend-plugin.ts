import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { Backend, BackendName } from '@clrec/spec';
import { NODE_BINDING_PACKAGES, dynamicImport, peekLoad, tryLoad, type ModuleImporter } from './node-bindings';

/** Which native package has registered the tfjs `tensorflow` backend in this process, if any. */
let nativeLoaded: 'tensorflow-gpu' | 'tensorflow' | undefined;

async function activateNative(name: 'tensorflow-gpu' | 'tensorflow', importer: ModuleImporter): Promise<string> {
  if (nativeLoaded !== undefined && nativeLoaded !== name) {
    const earlier = await peekLoad(NODE_BINDING_PACKAGES[name], importer);
    if (earlier !== undefined && !earlier.ok) throw new Error(earlier.error);
    throw new Error(
      `${NODE_BINDING_PACKAGES[nativeLoaded]} is already loaded in this process and owns the tfjs ` +
        `backend "tensorflow"; restart the process to switch to ${NODE_BINDING_PACKAGES[name]}`,
    );
  }
  const loaded = await tryLoad(NODE_BINDING_PACKAGES[name], importer);
  if (!loaded.ok) throw new Error(loaded.error);
  nativeLoaded = name;
  if (tf.findBackendFactory('tensorflow') == null) {
    throw new Error(`${NODE_BINDING_PACKAGES[name]} loaded but registered no tfjs backend "tensorflow"`);
  }
  if (!(await tf.setBackend('tensorflow'))) {
    throw new Error('the tfjs backend "tensorflow" failed to initialise (see the tfjs warning above)');
  }
  return 'tensorflow';
}

async function activateJs(name: 'wasm' | 'cpu'): Promise<string> {
  if (tf.findBackendFactory(name) == null) {
    throw new Error(`no tfjs backend "${name}" is registered`);
  }
  if (!(await tf.setBackend(name))) {
    const hint =
      name === 'wasm'
        ? '; when bundling, serve the tfjs-backend-wasm .wasm files and call setWasmPaths()'
        : '';
    throw new Error(`the tfjs backend "${name}" failed to initialise (see the tfjs warning above)${hint}`);
  }
  if (name === 'cpu') {
    // The JS CPU backend prints a multi-line "install tfjs-node" banner on first use; our one-line
    // report already says why the faster backends were skipped.
    const b = tf.backend() as { firstUse?: boolean };
    if (b.firstUse === true) b.firstUse = false;
  }
  return name;
}

/**
 * The built-in `Backend` plugin for `name`: `tensorflow-gpu` / `tensorflow` load
 * `@tensorflow/tfjs-node-gpu` / `@tensorflow/tfjs-node` at run time, `wasm` and `cpu` activate the
 * registered tfjs backend. `importer` loads the optional native packages (default: a dynamic
 * `import()`); pass another one only in tests.
 */
export function backendPlugin(name: BackendName, importer?: ModuleImporter): Backend {
  const load = importer ?? dynamicImport;
  return {
    specificationVersion: 'v1',
    name,
    activate: () =>
      name === 'tensorflow-gpu' || name === 'tensorflow' ? activateNative(name, load) : activateJs(name),
  };
}

/**
 * Compute threads the active backend uses: the WASM module's thread count (always 1 under Node,
 * where tfjs disables WASM threads), 1 for the JS CPU backend, and the host's logical cores for the
 * native TensorFlow backends (TensorFlow's default intra-op pool).
 */
export async function threadsFor(name: BackendName): Promise<number> {
  if (name === 'wasm') return getThreadsCount();
  if (name === 'cpu') return 1;
  try {
    const os = await import('node:os');
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  } catch {
    return 1;
  }
}
