/** Where this code runs: `node` (Node.js), or `browser` (a web page or worker; anything without `process.versions.node`). */
export type Runtime = 'node' | 'browser';

/** The {@link Runtime} of this process: `node` when `process.versions.node` is set, else `browser`. */
export function detectRuntime(): Runtime {
  const p = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof p?.versions?.node === 'string' ? 'node' : 'browser';
}
