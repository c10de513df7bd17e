/** npm packages that provide the native TensorFlow backends. */
export const NODE_BINDING_PACKAGES = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
} as const;

/** The optional npm package that provides the tfjs `webgpu` backend (browsers). */
export const WEBGPU_PACKAGE = '@tensorflow/tfjs-backend-webgpu';

/** Loads a module by name; the default is a dynamic `import()`. Replaceable in tests. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/**
 * Default importer. The specifier is a run-time value, so bundlers and TypeScript do not try to
 * resolve the optional packages (the native TensorFlow bindings, the WebGPU backend, `node:os`).
 */
export const dynamicImport: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier);

/** Outcome of trying to load one optional package. */
export type LoadResult = { ok: true } | { ok: false; error: string };

const caches = new WeakMap<ModuleImporter, Map<string, Promise<LoadResult>>>();

const NOT_FOUND = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/**
 * Turns a load failure into one short line: "not installed" for a missing package, otherwise the
 * first line of the error (e.g. a pnpm-linked package whose `tfjs_binding.node` is missing).
 */
export function describeLoadError(pkg: string, err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const code = typeof e?.code === 'string' ? e.code : '';
  if (NOT_FOUND.has(code) && message.includes(pkg)) {
    return `${pkg} is not installed (pnpm add ${pkg})`;
  }
  const first = message.split('\n')[0]?.trim() ?? '';
  return `${pkg} failed to load: ${first || 'unknown error'}`;
}

/**
 * Tries to load `pkg` once per importer; ANY error (missing package, missing native binary, a throwing
 * module body) means "not available". Later calls reuse the first outcome.
 */
export function tryLoad(pkg: string, importer: ModuleImporter): Promise<LoadResult> {
  let cache = caches.get(importer);
  if (cache === undefined) {
    cache = new Map();
    caches.set(importer, cache);
  }
  let result = cache.get(pkg);
  if (result === undefined) {
    result = (async (): Promise<LoadResult> => {
      try {
        await importer(pkg);
        return { ok: true };
      } catch (err) {
        return { ok: false, error: describeLoadError(pkg, err) };
      }
    })();
    cache.set(pkg, result);
  }
  return result;
}

/** The outcome of an earlier {@link tryLoad} of `pkg` with `importer`, without loading anything. */
export function peekLoad(pkg: string, importer: ModuleImporter): Promise<LoadResult> | undefined {
  return caches.get(importer)?.get(pkg);
}
