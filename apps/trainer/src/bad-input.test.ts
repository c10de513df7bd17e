import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clrec } from './test-setup';


/** A stack trace line ("    at fn (file:line:col)"): a user should never see one. */
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

const dir = mkdtempSync(join(tmpdir(), 'clrec-bad-input-'));
/** Writes a corpus file and returns its path. */
function corpus(name: string, data: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

/** Five users of 4–6 clicks: a valid sequence file to put one defect into. */
const GOOD = ['u1 a b c d e', 'u2 b c d e f', 'u3 a c e g', 'u4 d e f g a b', 'u5 g f e d'];

// one seeded pseudo-random byte stream (xorshift), so the binary cases are the same on every run
function noise(bytes: number, seed: number, avoidNul = false): Buffer {
  const out = Buffer.alloc(bytes);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = avoidNul ? (x % 255) + 1 : x & 255;
  }
  return out;
}

/**
 * Each case: the data file, extra flags, and what the message must say after `<file>[:line]: `.
 * Every one must exit 1 with that message, print no stack trace, and leave --out unwritten.
 */
const CASES: { name: string; file: () => string; flags?: string[]; line?: number | 'any'; says: RegExp }[] = [
  { name: 'empty file', file: () => corpus('empty.txt', ''), says: /no interactions: 0 lines read/ },
  { name: 'whitespace only', file: () => corpus('blank.txt', ' \n\t\n\n'), says: /no interactions: 3 lines read, 3 skipped/ },
  { name: 'binary', file: () => corpus('binary.txt', noise(65536, 7)), line: 'any', says: /binary data \(NUL byte at column \d+\)/ },
  { name: 'not UTF-8', file: () => corpus('latin1.txt', Buffer.concat([Buffer.from(`${GOOD.join('\n')}\nu6 caf`), Buffer.from([0xe9]), Buffer.from(' b c d\n')])), line: 6, says: /not valid UTF-8 \(byte 0xE9 at column 7\).*--encoding latin1/ },
  { name: 'comma-separated lines in a sequence file', file: () => corpus('commas.txt', 'u1,a,b,c\nu2,b,c,d\n'), line: 1, says: /looks like a delimited line.*--format csv/ },
  { name: 'mixed formats (a sequence line in a pairs file)', file: () => corpus('mixed.txt', 'u1 a 1\nu1 b 2\nu1 c d e f\n'), flags: ['--format', 'pairs'], line: 3, says: /expected 3 fields \(user item timestamp\), found 5/ },
  { name: 'huge id', file: () => corpus('huge-id.txt', `${GOOD.join('\n')}\nu6 a ${'x'.repeat(300)} b\n`), line: 6, says: /is 300 characters long; ids are at most 256/ },
  { name: 'duplicate user', file: () => corpus('dup.txt', `${GOOD.join('\n')}\nu2 a b c\n`), line: 6, says: /field 1 \(user\) "u2" already has a sequence on line 2/ },
  { name: 'every user with one interaction', file: () => corpus('ones.txt', 'u1 a\nu2 b\nu3 c\n'), says: /no training example \(3 users, 3 items, 3 interactions, the longest user has 1\)/ },
  { name: 'one-item catalogue', file: () => corpus('one-item.txt', 'u1 a a a a\nu2 a a a a\n'), says: /only 1 distinct item\(s\)/ },
  {
    name: 'skip mode past its ceiling (1 MB of noise read as Latin-1)', file: () => corpus('noise.bin', noise(1 << 20, 11, true)),
    flags: ['--on-bad-line', 'skip', '--encoding', 'latin1'], says: /too many malformed lines: \d+ by line \d+ of \d+, more than the \d+ allowed.*--max-bad-lines/s,
  },
];

describe('the bad-input corpus: a clear message naming the file (and line), no stack trace, nothing written', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const file = c.file();
      const out = join(dir, `out-${c.name.replace(/\W+/g, '-')}`);
      const r = await clrec(['train', '--data', file, ...(c.flags ?? []), '--epochs', '1', '--backend', 'wasm', '--out', out]);
      expect(r.code, r.out).toBe(1);
      const line = c.line === 'any' ? ':\\d+' : c.line !== undefined ? `:${c.line}` : '';
      const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(r.out).toMatch(new RegExp(`^clrec: ${escaped}${line}: .*${c.says.source}`, `m${c.says.flags}`));
      expect(r.out).not.toMatch(STACK);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('a counted, bounded skip under the ceiling trains and reports the skipped lines', async () => {
    const file = corpus('one-bad.txt', `${GOOD.join('\n')}\nu1,a,b\n${GOOD.map((l) => l.replace('u', 'v')).join('\n')}\n`);
    const out = join(dir, 'out-skip-ok');
    const r = await clrec(['train', '--data', file, '--on-bad-line', 'skip', '--max-bad-lines', '1', '--epochs', '1', '--dim', '8', '--backend', 'wasm', '--out', out]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/skipped 1 malformed line\(s\) \(user without items: 1\); first: .*one-bad\.txt:6:/);
  });

  it('CRLF line ends load like LF', async () => {
    const file = corpus('crlf.txt', `${GOOD.join('\r\n')}\r\n`);
    const r = await clrec(['train', '--data', file, '--epochs', '1', '--dim', '8', '--backend', 'wasm', '--out', join(dir, 'out-crlf')]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/data: crlf: 5 users, 7 items, 24 interactions/);
  });
});

describe('every flag is checked before any work: fails at once, naming the flag, before the data is read', () => {
  const data = () => corpus('valid.txt', `${GOOD.join('\n')}\n`);
  const FLAGS: { name: string; flags: (d: string) => string[]; says: RegExp }[] = [
    { name: 'sasrec heads not dividing d', flags: () => ['--heads', '7', '--dim', '64'], says: /--heads 7 must divide --dim 64/ },
    { name: 'a temperature that overflows the softmax', flags: () => ['--temperature', '1e-30'], says: /"temperature" must be a number in \[0\.001, 100\]/ },
    { name: 'an unknown select metric', flags: () => ['--select-metric', 'NDCG@11'], says: /--select-metric "NDCG@11" is not reported by validation.*valid: HR@5/ },
    { name: '--out that is a file', flags: (d) => ['--out', d], says: /--out .*valid\.txt: it is a file, not a directory/ },
    { name: 'an unknown encoding', flags: () => ['--encoding', 'cp1252'], says: /"encoding" is "cp1252"; valid values: auto, utf8, latin1/ },
  ];
  for (const c of FLAGS) {
    it(c.name, async () => {
      const d = data();
      const out = join(dir, `out-flag-${c.name.replace(/\W+/g, '-')}`);
      const r = await clrec(['train', '--data', d, '--backend', 'wasm', '--out', out, ...c.flags(d)]);
      expect(r.code, r.out).toBe(1);
      expect(r.out).toMatch(c.says);
      expect(r.out).not.toMatch(/^data: /m); // nothing was loaded
      expect(r.out).not.toMatch(STACK);
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('bad checkpoints: eval and serve refuse them naming the file, no stack trace', () => {
  const run = join(dir, 'ck-run');
  const ck = (name: string) => join(dir, name, 'checkpoints', 'best');
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  beforeAll(async () => {
    const data = corpus('ck-data.txt', `${GOOD.join('\n')}\n${GOOD.map((l) => l.replace('u', 'v')).join('\n')}\n`);
    const r = await clrec(['train', '--data', data, '--epochs', '1', '--dim', '8', '--backend', 'wasm', '--out', run]);
    expect(r.code, r.out).toBe(0);
  }, 120_000);

  /** A copy of the trained run with its best checkpoint damaged by `damage(dir)`. */
  function damaged(name: string, damage: (ckDir: string) => void): string {
    cpSync(run, join(dir, name), { recursive: true });
    damage(ck(name));
    return join(dir, name);
  }
  const weights = (d: string) => join(d, 'weights.bin');
  const CKS: { name: string; damage: (d: string) => void; file: (d: string) => string; says: RegExp }[] = [
    { name: 'truncated weights.bin', damage: (d) => truncateSync(weights(d), 100), file: weights, says: /truncated: 100 bytes/ },
    { name: 'empty weights.bin', damage: (d) => truncateSync(weights(d), 0), file: weights, says: /empty \(0 bytes\)/ },
    {
      name: 'one flipped byte', file: weights, says: /corrupted: SHA-256 \w+ differs/,
      damage: (d) => { const b = readFileSync(weights(d)); b[7] ^= 1; writeFileSync(weights(d), b); },
    },
    {
      name: 'NaN weights saved with valid checksums (a diverged run)', file: weights, says: /parameter ".+" has \d+ non-finite value/,
      damage: (d) => {
        const b = readFileSync(weights(d));
        new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4).fill(Number.NaN, 0, 16);
        writeFileSync(weights(d), b);
        const m = JSON.parse(readFileSync(join(d, 'checkpoint.json'), 'utf8'));
        m.files['weights.bin'] = { bytes: b.byteLength, sha256: sha(b) };
        writeFileSync(join(d, 'checkpoint.json'), JSON.stringify(m));
      },
    },
    { name: 'checkpoint.json that is not JSON', damage: (d) => writeFileSync(join(d, 'checkpoint.json'), '{"format": "clrec-'), file: (d) => join(d, 'checkpoint.json'), says: /./ },
  ];
  for (const c of CKS) {
    it(c.name, async () => {
      const runDir = damaged(`ck-${c.name.replace(/\W+/g, '-')}`, c.damage);
      const file = c.file(join(runDir, 'checkpoints', 'best'));
      for (const cmd of [['eval', '--checkpoint', runDir, '--backend', 'wasm'], ['serve', '--checkpoint', runDir, '--port', '0', '--backend', 'wasm']]) {
        const r = await clrec(cmd);
        expect(r.code, r.out).toBe(1);
        expect(r.out).toContain(file);
        expect(r.out.slice(r.out.indexOf(file))).toMatch(c.says);
        expect(r.out).not.toMatch(STACK);
      }
    });
  }
});
