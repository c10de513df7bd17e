import type { BackendName } from '@clrec/spec';
import { detectRuntime, type Runtime } from './runtime';

/**
 * The Node backends, in the order `initBackend({ prefer: 'auto' })` tries them under Node: native
 * TensorFlow on a CUDA GPU, native TensorFlow on the CPU, WASM, tfjs's JS CPU backend.
 */
export const BACKEND_NAMES: readonly BackendName[] = Object.freeze([
  'tensorflow-gpu',
  'tensorflow',
  'wasm',
  'cpu',
]);

/**
 * The browser backends, in the order `initBackend({ prefer: 'auto' })` tries them in a browser or
 * worker: WebGPU (only where `@tensorflow/tfjs-backend-webgpu` is loaded or importable), WebGL (part
 * of `@tensorflow/tfjs`), WASM, tfjs's JS CPU backend.
 */
export const BROWSER_BACKEND_NAMES: readonly BackendName[] = Object.freeze([
  'webgpu',
  'webgl',
  'wasm',
  'cpu',
]);

/** The backend names of `runtime` (default: this process's) in automatic preference order. */
export function defaultBackendNames(runtime: Runtime = detectRuntime()): readonly BackendName[] {
  return runtime === 'node' ? BACKEND_NAMES : BROWSER_BACKEND_NAMES;
}

/**
 * Parses a backend name as given on a command line or in a config file (case-insensitive, surrounding
 * blanks ignored). `auto` means "the fastest one available".
 *
 * @param s - the text.
 * @param valid - the names accepted; default: those of this runtime (`BACKEND_NAMES` under Node,
 *   `BROWSER_BACKEND_NAMES` in a browser).
 * @throws Error listing the valid names when `s` is not one of them.
 */
export function parseBackendName(s: string, valid: readonly BackendName[] = defaultBackendNames()): BackendName | 'auto' {
  const v = s.trim().toLowerCase();
  if (v === 'auto') return 'auto';
  const hit = valid.find((n) => n === v);
  if (hit !== undefined) return hit;
  throw new Error(`Unknown backend "${s}". Valid names: auto, ${valid.join(', ')}.`);
}
