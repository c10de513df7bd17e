#!/usr/bin/env node
// Packs every workspace package the way it would be published and checks the tarball:
//   - LICENSE and NOTICE (identical to the root copies), README.md and package.json are in it;
//   - the packed package.json has the registry metadata (scripts/package-metadata.mjs) and no
//     `workspace:` / `catalog:` specifiers left;
//   - every file named by main / module / types / exports / bin is in it, and bins start with `#!`;
//   - @arethetypeswrong/cli (attw) finds no problem with its types under any module resolution.
// Build first (`npx turbo run build`). Usage: node scripts/check-packs.mjs [name-or-dir ...]
// Exits 1 with a per-package summary when anything is wrong.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LEGAL_FILES, ROOT, metadataProblems, workspacePackages } from './package-metadata.mjs';

const run = promisify(execFile);
const localBin = (name) => join(ROOT, 'node_modules', '.bin', name);
const PNPM = existsSync(localBin('pnpm')) ? [localBin('pnpm')] : ['npx', '-y', 'pnpm@10'];
const ATTW = existsSync(localBin('attw')) ? [localBin('attw')] : ['npx', '-y', '@arethetypeswrong/cli'];
const DEP_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];
const CONCURRENCY = 4;

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const packages = workspacePackages()
  .filter(({ pkg }) => !pkg.private)
  .filter(({ dir, pkg }) => !only.length || only.includes(pkg.name) || only.includes(dir));
if (only.length && !packages.length) {
  console.error(`check-packs: no workspace package matches ${only.join(', ')}`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'clrec-check-packs-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

/** Every relative file path named by an `exports` value (conditions and subpaths, recursively). */
function exportTargets(value) {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(exportTargets);
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

const norm = (p) => p.replace(/^\.\//, '');

async function attw(tarball, dir) {
  let stdout;
  try {
    ({ stdout } = await run(ATTW[0], [...ATTW.slice(1), tarball, '--format', 'json'], { maxBuffer: 256 << 20 }));
  } catch (err) {
    // attw exits 1 when it finds problems; the JSON is still on stdout.
    stdout = err.stdout;
    if (!stdout?.trim()) return [`attw failed: ${(err.stderr || err.message).trim().split('\n')[0]}`];
  }
  let result;
  try {
    result = JSON.parse(stdout);
  } catch {
    return [`attw printed no JSON: ${stdout.trim().split('\n')[0]}`];
  }
  if (!result.analysis?.types) return ['attw: the package has no type declarations'];
  const problems = result.analysis.problems ?? [];
  const inPackage = (file) => file.replace(/^\/node_modules\/(@[^/]+\/)?[^/]+\//, '');
  return problems.map((p) => {
    const where = [
      p.entrypoint && `entrypoint "${p.entrypoint}"`, p.resolutionKind,
      p.typesFileName && `types ${inPackage(p.typesFileName)}`,
      p.implementationFileName && `implementation ${inPackage(p.implementationFileName)}`,
    ].filter(Boolean).join(', ');
    return `attw ${p.kind}${where ? ` (${where})` : ''}`;
  }).concat(problems.length ? [`details: node_modules/.bin/attw --pack ${dir}`] : []);
}

async function check({ dir, absDir, pkg }) {
  const name = pkg.name ?? dir;
  const problems = [];
  const dest = join(work, dir.replace(/\//g, '__'));
  mkdirSync(dest, { recursive: true });
  let packed;
  try {
    const { stdout } = await run(PNPM[0], [...PNPM.slice(1), 'pack', '--pack-destination', dest, '--json'], {
      cwd: absDir, maxBuffer: 64 << 20,
    });
    packed = JSON.parse(stdout.slice(stdout.indexOf('{')));
  } catch (err) {
    let why = (err.stderr || err.message).trim().split('\n').slice(-1)[0];
    try { why = JSON.parse(err.stdout).error.message; } catch { /* not pnpm's JSON error */ }
    return { name, dir, problems: [`pnpm pack failed: ${why}`] };
  }
  const tarball = packed.filename;
  const unpacked = join(dest, 'x');
  mkdirSync(unpacked, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', unpacked]);
  const root = join(unpacked, 'package');
  const has = (f) => existsSync(join(root, norm(f)));

  for (const f of ['package.json', 'README.md', ...LEGAL_FILES]) if (!has(f)) problems.push(`tarball has no ${f}`);
  for (const f of LEGAL_FILES) {
    if (has(f) && !readFileSync(join(root, f)).equals(readFileSync(join(ROOT, f)))) {
      problems.push(`tarball's ${f} differs from the root ${f}`);
    }
  }
  if (!has('package.json')) return { name, dir, problems, files: packed.files?.length ?? 0 };

  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const p of metadataProblems(manifest, dir)) problems.push(`packed package.json ${p}`);
  for (const field of DEP_FIELDS) {
    for (const [dep, spec] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|catalog):/.test(spec)) problems.push(`packed ${field}.${dep} is still "${spec}"`);
    }
  }

  const named = new Map();
  for (const field of ['main', 'module', 'types', 'typings']) {
    if (typeof manifest[field] === 'string') named.set(norm(manifest[field]), field);
  }
  for (const target of exportTargets(manifest.exports)) {
    if (target.startsWith('./') && !target.includes('*')) named.set(norm(target), named.get(norm(target)) ?? 'exports');
  }
  const bins = typeof manifest.bin === 'string'
    ? { [manifest.name.replace(/^@[^/]+\//, '')]: manifest.bin }
    : manifest.bin ?? {};
  for (const [cmd, file] of Object.entries(bins)) named.set(norm(file), `bin.${cmd}`);
  let missing = 0;
  for (const [file, field] of named) {
    if (!has(file) && ++missing) problems.push(`${field} names ${file}, which is not in the tarball${existsSync(join(absDir, file)) ? '' : ' (not built? run npx turbo run build)'}`);
  }
  for (const [cmd, file] of Object.entries(bins)) {
    if (has(file) && !readFileSync(join(root, norm(file)), 'utf8').startsWith('#!')) {
      problems.push(`bin.${cmd} (${norm(file)}) has no #! line: it cannot run as a command`);
    }
  }

  if (missing) problems.push('attw: skipped until the files above are in the tarball');
  else problems.push(...(await attw(tarball, dir)));
  return { name, dir, problems, files: packed.files?.length ?? 0 };
}

const results = [];
const queue = [...packages];
await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
  while (queue.length) results.push(await check(queue.shift()));
}));
results.sort((a, b) => a.dir.localeCompare(b.dir));

const failed = results.filter((r) => r.problems.length);
for (const r of results) {
  if (!r.problems.length) console.log(`ok    ${r.name} (${r.dir}, ${r.files} files)`);
  else {
    console.log(`FAIL  ${r.name} (${r.dir})`);
    for (const p of r.problems) console.log(`        - ${p}`);
  }
}
console.log(`check-packs: ${results.length - failed.length}/${results.length} package(s) ok` +
  (failed.length ? `; problems in ${failed.map((r) => r.name).join(', ')}` : ''));
process.exit(failed.length ? 1 : 0);
