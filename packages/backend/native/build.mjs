#!/usr/bin/env node
// Builds the optional native kernels (native/build/clrec-native.node) with the system C compiler.
// Nothing depends on it: without it @clrec/backend runs its WASM/JS kernels. With --optional (used
// by the package build) a missing compiler or header only prints a note and exits 0.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const optional = process.argv.includes('--optional');
const out = join(here, 'build', 'clrec-native.node');
const cc = process.env.CC ?? 'cc';
const nodeDir = process.env.npm_config_nodedir ?? dirname(dirname(process.execPath));
const includes = [join(nodeDir, 'include', 'node'), '/usr/include/node'].filter((d) => existsSync(join(d, 'node_api.h')));

function fail(why) {
  const msg = `[clrec-native] not built: ${why}. @clrec/backend works without it (WASM kernels only).`;
  if (optional) {
    console.log(msg);
    process.exit(0);
  }
  console.error(msg);
  process.exit(1);
}

if (process.platform === 'win32') fail('Windows builds are not supported');
if (includes.length === 0) fail(`node_api.h not found (looked in ${join(nodeDir, 'include', 'node')} and /usr/include/node); set npm_config_nodedir`);
mkdirSync(join(here, 'build'), { recursive: true });
const tmp = `${out}.tmp-${process.pid}`;
const vecObj = join(here, 'build', `clrec-vecmath-${process.pid}.o`);
const libs = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : ['-ldl', '-lm'];
// Tried in order: vectorised math through glibc's libmvec tuned for this CPU, then portable flags.
const attempts = [
  { arch: ['-march=native'], vec: ['-ffast-math', '-fopenmp-simd'], extra: ['-lmvec'], label: 'libmvec, -march=native' },
  { arch: ['-march=native'], vec: [], extra: [], label: '-march=native' },
  { arch: [], vec: [], extra: [], label: 'portable' },
];
const run = (args) => execFileSync(cc, args, { stdio: ['ignore', 'pipe', 'pipe'] });
let built = null;
let lastError = '';
for (const a of attempts) {
  try {
    run(['-O3', '-std=c99', '-fPIC', ...a.arch, ...a.vec, '-c', join(here, 'clrec-vecmath.c'), '-o', vecObj]);
    run(['-O3', '-std=c99', '-shared', '-fPIC', ...a.arch, '-fno-math-errno', `-I${includes[0]}`, join(here, 'clrec-native.c'), vecObj, '-o', tmp, ...a.extra, ...libs]);
    built = a.label;
    break;
  } catch (e) {
    lastError = String(e.stderr ?? e.message).split('\n').find((l) => l.trim()) ?? String(e.message);
  } finally {
    rmSync(vecObj, { force: true });
  }
}
if (built === null) fail(`${cc} failed (${lastError})`);
renameSync(tmp, out);
console.log(`[clrec-native] built ${out} (${built})`);
