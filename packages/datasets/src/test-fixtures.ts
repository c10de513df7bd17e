import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatasetError } from './errors';
import type { SequenceDataset } from './types';

/**
 * A hand-made dataset for split tests (not part of the public API): user 0 has items 1..5 at
 * t = 10..50, user 1 has 6, 1, 2 at t = 15, 25, 35, user 2 has 3, 4 at t = 5, 60.
 */
export function handDataset(withTimes: boolean): SequenceDataset {
  const seqs = [[1, 2, 3, 4, 5], [6, 1, 2], [3, 4]];
  const times = [[10, 20, 30, 40, 50], [15, 25, 35], [5, 60]];
  return {
    name: 'hand', numUsers: 3, numItems: 6, userIds: ['a', 'b', 'c'], itemIds: ['', '1', '2', '3', '4', '5', '6'],
    sequences: seqs.map((s) => Int32Array.from(s)),
    timestamps: withTimes ? times.map((t) => Float64Array.from(t)) : null,
    itemFeatures: [],
    report: { file: 'hand', linesRead: 3, interactions: 10, skipped: { count: 0, reasons: {}, examples: [] } },
  };
}

/** A fresh temp folder and a writer of fixture files in it, returning each file's path (tests only). */
export function fixtureWriter(prefix: string): { dir: string; fixture: (name: string, text: string | Uint8Array) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const fixture = (name: string, text: string | Uint8Array): string => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  return { dir, fixture };
}

/** Each user's sequence as raw item ids (tests only). */
export function rawSequences(ds: SequenceDataset): string[][] {
  return ds.sequences.map((s) => Array.from(s, (i) => ds.itemIds[i]));
}

/** Runs `f` and returns the DatasetError it throws; fails when it throws nothing or something else. */
export function thrownDatasetError(f: () => unknown): DatasetError {
  try {
    f();
  } catch (e) {
    if (e instanceof DatasetError) return e;
    throw e;
  }
  throw new Error('expected a DatasetError');
}

/**
 * Runs `f` and returns the DatasetError it throws, checking that its message starts with `prefix`
 * (the file path, plus `:line: ` when a line is to blame) (tests only).
 */
export function datasetErrorAt(f: () => unknown, prefix: string): DatasetError {
  const e = thrownDatasetError(f);
  if (!e.message.startsWith(prefix)) throw new Error(`expected the message to start with ${JSON.stringify(prefix)}, got ${JSON.stringify(e.message)}`);
  return e;
}

/** Deterministic pseudo-random bytes (a 32-bit LCG), for binary-input fixtures (tests only). */
export function noiseBytes(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let k = 0; k < n; k++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    b[k] = x >>> 24;
  }
  return b;
}
