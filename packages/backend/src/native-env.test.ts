import { describe, expect, it } from 'vitest';
import { formatNativeEnv, gemmPath, nativeEnv } from './native-env';

describe('native GEMM path and switches', () => {
  it('names the GEMM path from the backend and the native status, and reads the native switches', () => {
    expect(gemmPath('wasm', { addon: {} as never, gemm: 'BLAS libopenblas.so.0' })).toBe('BLAS libopenblas.so.0');
    expect(gemmPath('wasm', { addon: null, gemm: '', reason: 'disabled by CLREC_NATIVE=0' })).toBe('WASM only (native addon off: disabled by CLREC_NATIVE=0)');
    expect(gemmPath('tensorflow', { addon: null, gemm: '' })).toBe('tensorflow backend kernels (the native addon serves wasm only)');
    const env = nativeEnv({ CLREC_NATIVE: '0', CLREC_BLAS: 'system', OTHER: 'x' });
    expect(env).toEqual({ CLREC_BLAS: 'system', CLREC_NATIVE: '0', CLREC_NATIVE_THREADS: null });
    expect(formatNativeEnv(env)).toBe('CLREC_BLAS=system, CLREC_NATIVE=0, CLREC_NATIVE_THREADS unset');
  });

});
