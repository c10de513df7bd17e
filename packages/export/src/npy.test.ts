import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from './npy';

describe('.npy files', () => {
  it('writes format 1.0 with a 64-byte-aligned header and reads it back', () => {
    const data = Float32Array.from({ length: 12 }, (_, i) => i / 3 - 1);
    const bytes = encodeNpy(data, [4, 3]);
    expect(Buffer.from(bytes.subarray(0, 8)).toString('latin1')).toBe('\x93NUMPY\x01\x00');
    const headerLen = bytes[8] | (bytes[9] << 8);
    expect((10 + headerLen) % 64).toBe(0);
    const header = Buffer.from(bytes.subarray(10, 10 + headerLen)).toString('latin1');
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(4, 3\), \} *\n$/);
    expect(bytes.length).toBe(10 + headerLen + 48);
    expect(decodeNpy(bytes)).toEqual({ data, shape: [4, 3] });
    expect(decodeNpy(encodeNpy(Float32Array.of(1, 2), [2])).shape).toEqual([2]);
  });

  it('refuses a shape that does not fit, and files it cannot read', () => {
    expect(() => encodeNpy(new Float32Array(5), [2, 3])).toThrow(/shape \[2,3\] does not hold 5 values/);
    expect(() => decodeNpy(new Uint8Array(20))).toThrow(/not a \.npy file/);
    const f8 = encodeNpy(new Float32Array(2), [2]);
    f8.set(Buffer.from("'<f8'", 'latin1'), 19);
    expect(() => decodeNpy(f8)).toThrow(/only little-endian float32/);
  });
});
