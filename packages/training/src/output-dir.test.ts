import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputDir } from './output-dir';

describe('checkOutputDir', () => {
  it('accepts an existing directory and a missing one under a writable folder, creating nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clrec-out-'));
    expect(() => checkOutputDir(dir)).not.toThrow();
    expect(() => checkOutputDir(join(dir, 'a', 'b', 'run'))).not.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a file, or a path under a file, naming the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clrec-out-'));
    const file = join(dir, 'results.txt');
    writeFileSync(file, 'x');
    expect(() => checkOutputDir(file)).toThrow(`--out ${file}: it is a file, not a directory`);
    expect(() => checkOutputDir(join(file, 'run'))).toThrow(`cannot be created: ${file} is a file`);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a read-only folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clrec-out-'));
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    expect(() => checkOutputDir(join(ro, 'run'))).toThrow(/is not writable \(permission denied\)/);
    chmodSync(ro, 0o755);
  });
});
