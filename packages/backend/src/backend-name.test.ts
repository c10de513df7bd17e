import { describe, expect, it } from 'vitest';
import { BACKEND_NAMES, parseBackendName } from './backend-name';

describe('parseBackendName', () => {
  it('accepts every backend name and auto, ignoring case and blanks', () => {
    for (const n of BACKEND_NAMES) expect(parseBackendName(n)).toBe(n);
    expect(parseBackendName('auto')).toBe('auto');
    expect(parseBackendName(' WASM ')).toBe('wasm');
    expect(parseBackendName('TensorFlow-GPU')).toBe('tensorflow-gpu');
  });

  it('throws listing the valid names for unknown input', () => {
    expect(() => parseBackendName('webgl')).toThrow(
      'Unknown backend "webgl". Valid names: auto, tensorflow-gpu, tensorflow, wasm, cpu.',
    );
    expect(() => parseBackendName('')).toThrow(/Valid names/);
  });

  it('lists backends in automatic preference order', () => {
    expect(BACKEND_NAMES).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
  });
});
