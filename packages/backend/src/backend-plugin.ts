import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { Backend, BackendName } from '@clrec/spec';
import { NODE_BINDING_PACKAGES, WEBGPU_PACKAGE, dynamicImport, peekLoad, tryLoad, type ModuleImporter } from './node-bindings';

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

/**
 * WebGPU: the `webgpu` tfjs backend, registered by `@tensorflow/tfjs-backend-webgpu` (an optional
 * package: imported here at run time when it is not registered yet and `navigator.gpu` exists).
 */
async function activateWebGpu(importer: ModuleImporter): Promise<string> {
  if (tf.findBackendFactory('webgpu') == null) {
    const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
    if (nav?.gpu == null) throw new Error('WebGPU is not available here (no navigator.gpu)');
    const loaded = await tryLoad(WEBGPU_PACKAGE, importer);
    if (!loaded.ok) throw new Error(`${loaded.error}; when bundling, import '${WEBGPU_PACKAGE}' yourself before initBackend`);
    if (tf.findBackendFactory('webgpu') == null) {
      throw new Error(`${WEBGPU_PACKAGE} loaded but registered no tfjs backend "webgpu"`);
    }
  }
  if (!(await tf.setBackend('webgpu'))) {
    throw new Error('the tfjs backend "webgpu" failed to initialise (no WebGPU adapter; see the tfjs warning above)');
  }
  return 'webgpu';
}

async function activateJs(name: 'webgl' | 'wasm' | 'cpu'): Promise<string> {
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
 * `@tensorflow/tfjs-node-gpu` / `@tensorflow/tfjs-node` at run time (Node), `webgpu` loads
 * `@tensorflow/tfjs-backend-webgpu` at run time unless it is already registered (browsers with
 * `navigator.gpu`), `webgl`, `wasm` and `cpu` activate the registered tfjs backend (`webgl` is
 * registered by `@tensorflow/tfjs` in browsers only). `importer` loads the optional packages
 * (default: a dynamic `import()`); pass another one only in tests.
 */
export function backendPlugin(name: BackendName, importer?: ModuleImporter): Backend {
  const load = importer ?? dynamicImport;
  return {
    specificationVersion: 'v1',
    name,
    activate: () => {
      if (name === 'tensorflow-gpu' || name === 'tensorflow') return activateNative(name, load);
      if (name === 'webgpu') return activateWebGpu(load);
      return activateJs(name);
    },
  };
}

/**
 * Compute threads the active backend uses: the WASM module's thread count (always 1 under Node,
 * where tfjs disables WASM threads), 1 for the JS CPU backend and the GPU backends (`webgl`,
 * `webgpu`: one thread drives the GPU), and the host's logical cores for the native TensorFlow
 * backends (TensorFlow's default intra-op pool).
 */
export async function threadsFor(name: BackendName): Promise<number> {
  if (name === 'wasm') return getThreadsCount();
  if (name === 'cpu' || name === 'webgl' || name === 'webgpu') return 1;
  try {
    // a run-time specifier: browser bundlers leave `node:os` alone (only the Node backends get here)
    const os = (await dynamicImport('node:os')) as typeof import('node:os');
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  } catch {
    return 1;
  }
}
