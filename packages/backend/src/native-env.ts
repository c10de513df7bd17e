import type { NativeStatus } from './native-status';

/** Environment switches that decide which GEMM runs matrix products on the WASM backend (record them with timings). */
export const NATIVE_ENV_SWITCHES = ['CLREC_BLAS', 'CLREC_NATIVE', 'CLREC_NATIVE_THREADS'] as const;

/** One of {@link NATIVE_ENV_SWITCHES}. */
export type NativeEnvSwitch = (typeof NATIVE_ENV_SWITCHES)[number];

/** Values of the {@link NATIVE_ENV_SWITCHES} (null: unset). */
export type NativeEnv = Record<NativeEnvSwitch, string | null>;

/**
 * What runs our matrix products: under `wasm` with the native addon, its GEMM (`NativeStatus.gemm`,
 * e.g. `bundled GEMM (AVX2+FMA)` or `BLAS libopenblas.so.0`); under `wasm` without it,
 * `WASM only (native addon off: <reason>)`; under another backend, that backend's own kernels (the
 * addon serves `wasm` only).
 * @param backend name of the active compute backend
 * @param status the native addon's status (`nativeStatus()` of `@clrec/backend`)
 */
export function gemmPath(backend: string, status: Pick<NativeStatus, 'addon' | 'gemm' | 'reason'>): string {
  if (backend !== 'wasm') return `${backend} backend kernels (the native addon serves wasm only)`;
  if (status.addon) return status.gemm;
  return `WASM only (native addon off: ${status.reason ?? 'unknown reason'})`;
}

/** The {@link NATIVE_ENV_SWITCHES} as set in `env` (default: `process.env`; null: unset, and all null without `process`). */
export function nativeEnv(env: NodeJS.ProcessEnv = (globalThis as { process?: { env?: NodeJS.ProcessEnv } }).process?.env ?? {}): NativeEnv {
  const out = {} as NativeEnv;
  for (const k of NATIVE_ENV_SWITCHES) out[k] = env[k] ?? null;
  return out;
}

/** `CLREC_BLAS unset, CLREC_NATIVE=0, …`: the switches for a report line. */
export function formatNativeEnv(env: NativeEnv): string {
  return NATIVE_ENV_SWITCHES.map((k) => (env[k] === null ? `${k} unset` : `${k}=${env[k]}`)).join(', ');
}
