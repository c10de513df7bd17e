import type { BackendName } from '@clrec/spec';

/** All backend names, in the order `initBackend({ prefer: 'auto' })` tries them. */
export const BACKEND_NAMES: readonly BackendName[] = Object.freeze([
  'tensorflow-gpu',
  'tensorflow',
  'wasm',
  'cpu',
]);

/**
 * Parses a backend name as given on a command line or in a config file (case-insensitive, surrounding
 * blanks ignored). `auto` means "the fastest one available".
 *
 * @throws Error listing the valid names when `s` is not one of them.
 */
export function parseBackendName(s: string): BackendName | 'auto' {
  const v = s.trim().toLowerCase();
  if (v === 'auto') return 'auto';
  const hit = BACKEND_NAMES.find((n) => n === v);
  if (hit !== undefined) return hit;
  throw new Error(`Unknown backend "${s}". Valid names: auto, ${BACKEND_NAMES.join(', ')}.`);
}
