#!/usr/bin/env node
// Builds the optional native kernels with the system C compiler.
//   node native/build.mjs             native/build/clrec-native.node, tuned for this CPU (-march=native)
//   node native/build.mjs --optional  the same, but a missing compiler or header only prints a note
//   node native/build.mjs --install   the package's install step: nothing to do when a prebuilt binary
//                                     for this platform ships in native/prebuilds/, else --optional
//   node native/build.mjs --prebuild  native/prebuilds/<platform>-<arch>/clrec-native.node with
//                                     portable flags (any CPU of the architecture; the GEMM picks
//                                     its SIMD micro-kernel at run time)
// Nothing depends on it: without it @clrec/backend runs its WASM/JS kernels.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The C sources of the addon, in the order their hash covers them. */
export const SOURCES = ['clrec-native.c', 'clrec-sgemm.c', 'clrec-vecmath.c'];
const prebuild = process.argv.includes('--prebuild');
const install = process.argv.includes('--install');
const optional = install || process.argv.includes('--optional');
const platform = `${process.platform}-${process.arch}`;
const prebuilt = join(here, 'prebuilds', platform, 'clrec-native.node');
if (install && existsSync(prebuilt)) {
  console.log(`[clrec-native] using the prebuilt ${platform} binary (${prebuilt}); compile a CPU-tuned one with: node ${join(here, 'build.mjs')}`);
  process.exit(0);
}
const out = prebuild ? prebuilt : join(here, 'build', 'clrec-native.node');
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
mkdirSync(dirname(out), { recursive: true });
const tmp = `${out}.tmp-${process.pid}`;
const vecObj = join(dirname(out), `clrec-vecmath-${process.pid}.o`);
const gemmObj = join(dirname(out), `clrec-sgemm-${process.pid}.o`);
const libs = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : ['-ldl', '-lm', '-pthread'];
// Tried in order: vectorised math through glibc's libmvec (tuned for this CPU unless prebuilding),
// then plain flags.
const arch = prebuild ? [] : ['-march=native'];
const attempts = [
  { arch, vec: ['-ffast-math', '-fopenmp-simd'], extra: ['-lmvec'], label: `libmvec${prebuild ? ', portable' : ', -march=native'}` },
  { arch, vec: [], extra: [], label: prebuild ? 'portable' : '-march=native' },
  { arch: [], vec: [], extra: [], label: 'portable' },
];
const run = (args) => execFileSync(cc, args, { stdio: ['ignore', 'pipe', 'pipe'] });
let built = null;
let lastError = '';
for (const a of attempts) {
  try {
    run(['-O3', '-std=c99', '-fPIC', ...a.arch, ...a.vec, '-c', join(here, 'clrec-vecmath.c'), '-o', vecObj]);
    // The GEMM picks its SIMD micro-kernel at run time, so it needs no -march flag.
    run(['-O3', '-std=gnu11', '-fPIC', '-pthread', '-c', join(here, 'clrec-sgemm.c'), '-o', gemmObj]);
    run(['-O3', '-std=c99', '-shared', '-fPIC', ...a.arch, '-fno-math-errno', `-I${includes[0]}`, join(here, 'clrec-native.c'), vecObj, gemmObj, '-o', tmp, ...a.extra, ...libs]);
    built = a.label;
    break;
  } catch (e) {
    lastError = String(e.stderr ?? e.message).split('\n').find((l) => l.trim()) ?? String(e.message);
  } finally {
    rmSync(vecObj, { force: true });
    rmSync(gemmObj, { force: true });
  }
}
if (built === null) fail(`${cc} failed (${lastError})`);
if (prebuild) execFileSync('strip', ['--strip-unneeded', tmp]);
renameSync(tmp, out);
if (prebuild) {
  // What the binary was built from; a test fails when the sources change without a new prebuild.
  const hash = createHash('sha256');
  for (const f of SOURCES) hash.update(readFileSync(join(here, f)));
  writeFileSync(join(dirname(out), 'SOURCES.sha256'), `${hash.digest('hex')}  ${SOURCES.join(' ')}\n`);
}
console.log(`[clrec-native] built ${out} (${built})`);
