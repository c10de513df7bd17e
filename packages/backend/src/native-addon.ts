/**
 * The loader of the optional native addon (Node only, `@clrec/backend/node`): finds the compiled or
 * prebuilt `clrec-native.node` and opens it with `require`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADDON_VERSION, type NativeAddon, type NativeStatus } from './native-status';

let status: NativeStatus | undefined;

/** This module's file (the CommonJS build gets `import.meta.url` from tsup's shim). */
function moduleFile(): string {
  return fileURLToPath(import.meta.url);
}

/** Logical cores of this machine. */
function cores(): number {
  return typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
}

/**
 * Threads of the products and why: `CLREC_NATIVE_THREADS`, else every core whatever the load (a
 * count chosen from the load average would make a system BLAS's sums, and so the bits of a run,
 * depend on what else the machine was doing).
 */
function productThreads(): { threads: number; why: string } {
  const forced = Number(process.env.CLREC_NATIVE_THREADS);
  if (Number.isInteger(forced) && forced >= 1) return { threads: forced, why: 'CLREC_NATIVE_THREADS' };
  return { threads: cores(), why: 'all cores' };
}

/**
 * Loads the optional native addon once: `$CLREC_NATIVE_ADDON`, else `native/build/clrec-native.node`
 * of this package (compiled for this CPU by `node native/build.mjs`; the package build tries it and
 * never fails on it), else the prebuilt `native/prebuilds/<platform>-<arch>/clrec-native.node` shipped
 * in the package (linux-x64, glibc ≥ 2.35; no compiler needed). Any error means "not available" and the WASM/JS kernels are used. `CLREC_NATIVE=0` disables it.
 * Matrix products: the bundled GEMM; `CLREC_BLAS=system` (or a library path) uses a system BLAS instead,
 * `CLREC_GEMM_KERNEL=portable` skips the bundled GEMM's SIMD micro-kernel. Threads:
 * `CLREC_NATIVE_THREADS`, default all logical cores, whatever the load.
 */
export function nativeStatus(): NativeStatus {
  if (status) return status;
  const nativeDir = join(dirname(moduleFile()), '..', 'native');
  const built = join(nativeDir, 'build', 'clrec-native.node');
  const prebuilt = join(nativeDir, 'prebuilds', `${process.platform}-${process.arch}`, 'clrec-native.node');
  const buildCommand = `node ${join(nativeDir, 'build.mjs')}`;
  const path = process.env.CLREC_NATIVE_ADDON ? resolve(process.env.CLREC_NATIVE_ADDON) : existsSync(built) || !existsSync(prebuilt) ? built : prebuilt;
  const off = (reason: string): NativeStatus => ({ addon: null, path, reason, blas: null, gemm: '', threads: 0, threadsReason: '', multiThreadFlops: 0 });
  if (process.env.CLREC_NATIVE === '0') {
    status = off('disabled by CLREC_NATIVE=0');
    return status;
  }
  try {
    const addon = createRequire(moduleFile())(path) as NativeAddon;
    if (addon.info().version < ADDON_VERSION) throw new Error(`an older build of the addon; rebuild it (${buildCommand})`);
    // A fixed count, never the load: the bundled GEMM's threads sleep on a condition variable when
    // idle and give the same bits for any count; a system BLAS's sums may depend on its count, so a
    // load-based count would make a run's bits depend on what else the machine was doing.
    const { threads, why } = productThreads();
    addon.setThreads(threads);
    const info = addon.info();
    const mt = Number(process.env.CLREC_NATIVE_MT_FLOPS);
    const gemm = info.blas ? `BLAS ${info.blas}` : `bundled GEMM (${info.gemmKernel}${path === prebuilt ? ', prebuilt' : ''})`;
    status = { addon, path, blas: info.blas, gemm, threads: info.blasThreads, threadsReason: why, multiThreadFlops: Number.isFinite(mt) && mt >= 0 ? mt : 8e6 };
  } catch (e) {
    const code = (e as { code?: string }).code;
    status = off(code === 'MODULE_NOT_FOUND'
      ? `not built and no prebuilt binary for ${process.platform}-${process.arch} (${buildCommand})`
      : `failed to load ${path}: ${String((e as Error).message ?? e).split('\n')[0]}`);
  }
  return status;
}
