import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nativeStatus } from './native-addon';
import { ADDON_VERSION } from './native-status';

const native = nativeStatus();

/** Deterministic values in [-0.5, 0.5). */
function lcg(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}

interface Case { ta: number; tb: number; m: number; n: number; k: number; batch: number }

/** Runs the addon's gemm on one heap holding A, B and C; returns C. */
function gemm(c: Case, threads: number, strideA = c.m * c.k): Float32Array {
  const aLen = strideA === 0 ? c.m * c.k : c.batch * c.m * c.k;
  const bLen = c.batch * c.k * c.n;
  const cLen = c.batch * c.m * c.n;
  const heap = new ArrayBuffer(4 * (aLen + bLen + cLen));
  new Float32Array(heap, 0, aLen).set(lcg(aLen, 1));
  new Float32Array(heap, 4 * aLen, bLen).set(lcg(bLen, 2));
  new Float32Array(heap, 4 * (aLen + bLen), cLen).fill(Number.NaN);
  native.addon!.gemm(heap, c.ta, c.tb, c.m, c.n, c.k, 0, 4 * aLen, 4 * (aLen + bLen), c.batch, strideA, c.k * c.n, c.m * c.n, threads);
  return new Float32Array(heap, 4 * (aLen + bLen), cLen).slice();
}

/** The same product by the definition, in float64. */
function reference(c: Case, strideA = c.m * c.k): Float64Array {
  const aLen = strideA === 0 ? c.m * c.k : c.batch * c.m * c.k;
  const A = lcg(aLen, 1);
  const B = lcg(c.batch * c.k * c.n, 2);
  const out = new Float64Array(c.batch * c.m * c.n);
  for (let b = 0; b < c.batch; b++) {
    for (let i = 0; i < c.m; i++) {
      for (let j = 0; j < c.n; j++) {
        let s = 0;
        for (let p = 0; p < c.k; p++) {
          const a = c.ta ? A[b * strideA + p * c.m + i] : A[b * strideA + i * c.k + p];
          const bv = c.tb ? B[b * c.k * c.n + j * c.k + p] : B[b * c.k * c.n + p * c.n + j];
          s += a * bv;
        }
        out[b * c.m * c.n + i * c.n + j] = s;
      }
    }
  }
  return out;
}

const cases: Case[] = [
  { ta: 0, tb: 0, m: 1, n: 1, k: 1, batch: 1 },
  { ta: 0, tb: 0, m: 7, n: 17, k: 5, batch: 1 }, // edge tiles in both directions
  { ta: 1, tb: 0, m: 13, n: 35, k: 300, batch: 1 }, // two k blocks (256 + 44)
  { ta: 0, tb: 1, m: 100, n: 40, k: 257, batch: 1 },
  { ta: 1, tb: 1, m: 61, n: 129, k: 64, batch: 3 },
  { ta: 0, tb: 1, m: 30, n: 3100, k: 9, batch: 1 }, // more columns than one 3,072-wide block
  { ta: 0, tb: 0, m: 250, n: 20, k: 33, batch: 1 }, // split by rows
  { ta: 0, tb: 0, m: 9, n: 11, k: 8, batch: 8 }, // batch split across threads
];

describe.runIf(native.addon !== null)('bundled GEMM (native addon)', () => {
  it('names what runs the products', () => {
    expect(native.gemm).toMatch(/^(bundled GEMM \((AVX2\+FMA|portable C)\)|BLAS .+)$/);
  });

  for (const c of cases) {
    it(`matches the definition and gives the same bits on 1 and 3 threads: ${JSON.stringify(c)}`, () => {
      const one = gemm(c, 1);
      const ref = reference(c);
      let worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(one[i] - ref[i]) / (1 + Math.abs(ref[i])));
      expect(worst).toBeLessThan(1e-5 * Math.sqrt(c.k));
      if (native.blas === null) expect(Array.from(gemm(c, 3))).toEqual(Array.from(one));
    });
  }

  it('broadcasts a single left matrix over the batch (stride 0)', () => {
    const c: Case = { ta: 0, tb: 0, m: 5, n: 6, k: 7, batch: 3 };
    const got = gemm(c, 2, 0);
    const ref = reference(c, 0);
    for (let i = 0; i < ref.length; i++) expect(got[i]).toBeCloseTo(ref[i], 5);
  });

  it('writes zeros for k = 0', () => {
    expect(Array.from(gemm({ ta: 0, tb: 0, m: 2, n: 3, k: 0, batch: 1 }, 1))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('CLREC_GEMM_KERNEL=portable runs the portable micro-kernel with the same results to rounding', () => {
    const script = `
      const a = require(${JSON.stringify(native.path)});
      const h = new ArrayBuffer(4 * (6 * 4 + 4 * 16 + 6 * 16));
      const f = new Float32Array(h); for (let i = 0; i < 6 * 4 + 4 * 16; i++) f[i] = (i % 7) - 3;
      a.gemm(h, 0, 0, 6, 16, 4, 0, 96, 352, 1, 0, 0, 0, 1);
      console.log(JSON.stringify({ kernel: a.info().gemmKernel, c: Array.from(new Float32Array(h, 352, 96)) }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, CLREC_GEMM_KERNEL: 'portable', CLREC_BLAS: 'off' } }).toString());
    expect(out.kernel).toBe('portable C');
    // f[i] = (i mod 7) - 3. A row 0 = f[0..3] = [-3, -2, -1, 0]; B[p][0] = f[24 + 16p]:
    // f[24] = 0, f[40] = 2, f[56] = -3, f[72] = -1  →  C[0][0] = -3·0 + -2·2 + -1·-3 + 0·-1 = -1
    expect(out.c[0]).toBe(-1);
    // C[5][15]: A row 5 = f[20..23] = [3, -3, -2, -1]; B[p][15] = f[39 + 16p] = [1, 3, -2, 0]
    //   →  3·1 + -3·3 + -2·-2 + -1·0 = -2
    expect(out.c[95]).toBe(-2);
  });
});

describe.runIf(process.platform === 'linux' && process.arch === 'x64')('prebuilt linux-x64 binary', () => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'native');
  const prebuilt = join(dir, 'prebuilds', 'linux-x64', 'clrec-native.node');

  it('was built from the current C sources (else: node native/build.mjs --prebuild)', () => {
    // "<sha256>  clrec-native.c clrec-sgemm.c clrec-vecmath.c"
    const [recorded, ...files] = readFileSync(join(dir, 'prebuilds', 'linux-x64', 'SOURCES.sha256'), 'utf8').trim().split(/\s+/);
    expect(files).toEqual(['clrec-native.c', 'clrec-sgemm.c', 'clrec-vecmath.c']);
    const hash = createHash('sha256');
    for (const f of files) hash.update(readFileSync(join(dir, f)));
    expect(hash.digest('hex')).toBe(recorded);
  });

  it('loads without a compiler and reports the bundled GEMM and this code\'s addon version', () => {
    const script = `const a = require(${JSON.stringify(prebuilt)}); console.log(JSON.stringify(a.info()));`;
    const info = JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, CLREC_BLAS: 'off' } }).toString());
    expect(info.version).toBe(ADDON_VERSION);
    expect(info.blas).toBeNull();
    expect(info.gemmKernel).toMatch(/AVX2\+FMA|portable C/);
  });
});
