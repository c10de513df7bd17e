import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replaceDirAtomic, resolveDirWithFallback, writeFileAtomic } from './atomic-write';
import { isProcessAlive, removeStaleTemps, tempName } from './stale-temp';

const root = mkdtempSync(join(tmpdir(), 'clrec-stale-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The pid of a process that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  expect(isProcessAlive(r.pid!)).toBe(false);
  return r.pid!;
}

const write = (name: string) => (tmp: string) => writeFileAtomic(join(tmp, 'data.txt'), name);

describe('stale temporaries of killed writers', () => {
  it('a dead pid\'s temp (dir or file) is removed on the next save, a live writer\'s is kept', () => {
    const parent = join(root, 'a');
    mkdirSync(parent);
    const dead = deadPid();
    const live = process.ppid; // a running process that is not us
    expect(isProcessAlive(live)).toBe(true);
    mkdirSync(join(parent, tempName('last', dead)));
    writeFileSync(join(parent, tempName('last', dead), 'weights.bin'), Buffer.alloc(1024));
    writeFileSync(join(parent, tempName('results.json', dead)), 'half');
    mkdirSync(join(parent, tempName('last', live)));
    mkdirSync(join(parent, tempName('last'))); // ours, from an earlier attempt that threw
    writeFileSync(join(parent, 'keep.tmp-1'), 'not a temp of ours');
    replaceDirAtomic(join(parent, 'last'), write('v1'));
    expect(readdirSync(parent).sort()).toEqual(['.tmp-last-' + live, 'keep.tmp-1', 'last']);
    expect(readFileSync(join(parent, 'last', 'data.txt'), 'utf8')).toBe('v1');
  });

  it('writeFileAtomic removes a dead writer\'s temp beside its target and leaves none of its own, even when it fails', () => {
    const parent = join(root, 'b');
    mkdirSync(parent);
    writeFileSync(join(parent, tempName('out.json', deadPid())), 'half');
    writeFileAtomic(join(parent, 'out.json'), '{}');
    expect(readdirSync(parent)).toEqual(['out.json']);
    mkdirSync(join(parent, 'dir.json')); // a directory in the way: the rename fails
    expect(() => writeFileAtomic(join(parent, 'dir.json'), '{}')).toThrow();
    expect(readdirSync(parent).sort()).toEqual(['dir.json', 'out.json']);
  });

  it('removeStaleTemps leaves this process\'s temps of other names (a write in progress) alone', () => {
    const parent = join(root, 'c');
    mkdirSync(parent);
    writeFileSync(join(parent, tempName('other')), 'x');
    expect(removeStaleTemps(parent, 'mine')).toEqual([]);
    expect(removeStaleTemps(join(root, 'nowhere'))).toEqual([]);
  });
});

describe('replaceDirAtomic after a kill between its two renames', () => {
  it('readers find the moved-aside copy; the next save moves it back first, so a failing save never loses it', () => {
    const parent = join(root, 'd');
    const last = join(parent, 'last');
    replaceDirAtomic(last, write('v1'));
    // the state a kill leaves between `last -> .old-last` and `.tmp-last-<pid> -> last`
    renameSync(last, join(parent, '.old-last'));
    mkdirSync(join(parent, tempName('last', deadPid())));
    expect(resolveDirWithFallback(last)).toBe(join(parent, '.old-last'));
    // a save that dies in the middle (here: throws) must leave v1 loadable
    expect(() => replaceDirAtomic(last, () => {
      throw new Error('killed');
    })).toThrow('killed');
    expect(resolveDirWithFallback(last)).toBe(last);
    expect(readFileSync(join(last, 'data.txt'), 'utf8')).toBe('v1');
    replaceDirAtomic(last, write('v2'));
    expect(readFileSync(join(last, 'data.txt'), 'utf8')).toBe('v2');
    expect(readdirSync(parent)).toEqual(['last']);
    expect(existsSync(join(parent, '.old-last'))).toBe(false);
  });
});
