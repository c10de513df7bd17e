import { describe, expect, it } from 'vitest';
import { ProtoWriter } from './protobuf-writer';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('ProtoWriter (protobuf wire format)', () => {
  it('writes the encoding guide examples: varints, strings, nested messages', () => {
    expect(hex(new ProtoWriter().varint(1, 150).finish())).toBe('089601');
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    expect(hex(new ProtoWriter().message(3, new ProtoWriter().varint(1, 150)).finish())).toBe('1a03089601');
    expect(hex(new ProtoWriter().varint(1, -1).finish())).toBe('08ffffffffffffffffff01'); // int64 two's complement, ten bytes
    expect(hex(new ProtoWriter().packedVarints(4, [3, 270, 86942]).finish())).toBe('2206038e029ea705');
    expect(hex(new ProtoWriter().float(1, 1).finish())).toBe('0d0000803f');
  });

  it('keeps large byte fields in order and refuses bad field numbers or unsafe integers', () => {
    const big = new Uint8Array(1000).map((_, i) => i % 251);
    const out = new ProtoWriter().varint(1, 7).bytes(2, big).string(3, 'x').finish();
    expect(hex(out.subarray(0, 5))).toBe('0807' + '12e807');
    expect(out.subarray(5, 1005)).toEqual(big);
    expect(hex(out.subarray(1005))).toBe('1a0178');
    expect(() => new ProtoWriter().varint(0, 1)).toThrow(/field number must be a positive integer/);
    expect(() => new ProtoWriter().varint(1, 2 ** 60)).toThrow(/varint must be a safe integer/);
  });
});
