// Every published package imports where its users import it (issue "Beyond the Node process"):
//   (a) its main entry (`.`, dist/index.js) bundles for the browser with esbuild
//       (--bundle --platform=browser --format=esm, the @tensorflow/* peers external) without a Node
//       built-in (`node:*`, fs, path, os, module, url, crypto, child_process, worker_threads, ...) or a
//       native addon (`.node`) anywhere in its import graph, @clrec dependencies included; `./node`
//       entries are exempt;
//   (b) packed with `pnpm pack` and installed with npm into a fresh project together with only the
//       tarballs of its transitive @clrec dependencies (third-party dependencies and non-optional peers
//       such as @tensorflow/tfjs come from the registry, as for a user), `import('@clrec/x')` and
//       `import('@clrec/x/node')` load and have the exports of the workspace build.
// Build first (`npx turbo run build`). Needs the npm registry for (b), with one npm cache shared by all
// projects (`npm_config_cache`, default <tmpdir>/clrec-package-imports-npm-cache, kept between runs).
//   node --test scripts/package-imports.test.mjs
//   CLREC_PACKAGES=core,backend node --test scripts/package-imports.test.mjs   # only these packages
//   CLREC_SKIP_INSTALL=1 ...                                                     # (a) only, offline
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ROOT, workspacePackages } from './package-metadata.mjs';

const run = promisify(execFile);
const only = (process.env.CLREC_PACKAGES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const all = workspacePackages().filter(({ dir, pkg }) => dir.startsWith('packages/') && !pkg.private);
const packages = all.filter(({ dir, pkg }) => !only.length || only.some((o) => pkg.name === o || pkg.name === `@clrec/${o}` || dir === o));
/** An export each entry must have (packages not listed are checked against their workspace build only). */
const KNOWN_EXPORTS = {
  '@clrec/spec': ['Rng'], '@clrec/core': ['LazyAdam'], '@clrec/queues': ['InBatchQueue'], '@clrec/encoders': ['HistoryEmbedding'],
  '@clrec/routing': ['MultiIntentEncoder'], '@clrec/metrics': ['rankOfTarget', 'loadEvalNegatives'], '@clrec/datasets': ['simulate', 'loadDataset'],
  '@clrec/backend': ['initBackend', 'nativeStatus'], '@clrec/retrieval': ['ExactIndex', 'HnswIndex'], '@clrec/training': ['fit', 'train'],
};
const seconds = (t0) => `${((performance.now() - t0) / 1000).toFixed(2)} s`;

function loadEsbuild() {
  const req = createRequire(join(ROOT, 'package.json'));
  try {
    return req('esbuild');
  } catch {
    return createRequire(req.resolve('tsup'))('esbuild'); // pnpm: esbuild is tsup's dependency
  }
}

/** The file an `exports` subpath resolves to for `import` (e.g. ./dist/index.js), or undefined. */
function importTarget(pkg, subpath) {
  let target = typeof pkg.exports === 'object' ? pkg.exports[subpath] : undefined;
  while (target && typeof target === 'object') target = target.import ?? target.default;
  return target;
}

const BUILTIN = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));
const isBuiltin = (spec) => spec.startsWith('node:') || BUILTIN.has(spec) || BUILTIN.has(spec.split('/')[0]);

/**
 * Bundles `file` for the browser; returns the problems: `importer -> node built-in` for each Node
 * built-in imported, native addons, and any other import esbuild cannot resolve for the browser.
 */
async function browserBundleProblems(esbuild, file) {
  const problems = [];
  const rel = (p) => p.replace(`${ROOT}/`, '');
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [file], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true,
      logLevel: 'silent', external: ['@tensorflow/*'],
    });
  } catch (err) {
    for (const e of err.errors ?? [{ text: String(err.message ?? err) }]) {
      const spec = /Could not resolve "([^"]+)"/.exec(e.text)?.[1];
      const where = e.location ? rel(e.location.file) : rel(file);
      if (spec !== undefined && isBuiltin(spec)) problems.push(`${where} -> ${spec} (Node built-in)`);
      else if (/\.node\b/.test(e.text)) problems.push(`${where}: native addon (${e.text})`);
      else problems.push(`${where}: ${e.text}`);
    }
    return problems;
  }
  for (const [path, input] of Object.entries(result.metafile.inputs)) {
    if (path.endsWith('.node')) problems.push(`${path}: native addon`);
    for (const imp of input.imports) if (isBuiltin(imp.path)) problems.push(`${path} -> ${imp.path} (Node built-in)`);
  }
  return problems;
}

test('every package main entry bundles for the browser without Node built-ins or native addons', async () => {
  const esbuild = loadEsbuild();
  const failures = [];
  for (const { dir, absDir, pkg } of packages) {
    const t0 = performance.now();
    const target = importTarget(pkg, '.');
    const file = target && join(absDir, target);
    if (!file || !existsSync(file)) {
      failures.push(`${pkg.name}: main entry ${target ?? '(no exports ".")'} not found in ${dir} (not built? npx turbo run build)`);
      continue;
    }
    const problems = await browserBundleProblems(esbuild, file);
    console.log(`browser bundle  ${pkg.name.padEnd(20)} ${problems.length ? `FAIL (${problems.length})` : 'ok'}  ${seconds(t0)}`);
    if (problems.length) failures.push(`${pkg.name} (${target}):\n    ${problems.join('\n    ')}`);
  }
  assert.equal(failures.length, 0, `main entries that do not bundle for the browser (move Node-only code behind ./node):\n  ${failures.join('\n  ')}`);
});

/** The package's entries that are checked after installing: `.` and `./node` when declared. */
const entriesOf = (pkg) => ['.', './node'].filter((e) => importTarget(pkg, e));
const specifierOf = (name, entry) => (entry === '.' ? name : `${name}/${entry.slice(2)}`);

/** Export names of each `[specifier, url]`, loaded in a child node from `cwd`: `{ specifier: names[] | { error } }`. */
async function exportNames(cwd, specs, env) {
  const code = `const out = {};
for (const [spec, url] of ${JSON.stringify(specs)}) {
  try { out[spec] = Object.keys(await import(url)).sort(); } catch (e) { out[spec] = { error: String(e?.message ?? e).split('\\n')[0] }; }
}
console.log(JSON.stringify(out));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd, env, maxBuffer: 64 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop());
}

/** The @clrec dependencies of `name`, transitively (dependencies only: what npm would fetch), name included. */
function closure(name, byName) {
  const seen = new Set();
  const visit = (n) => {
    if (seen.has(n) || !byName.has(n)) return;
    seen.add(n);
    for (const dep of Object.keys(byName.get(n).pkg.dependencies ?? {})) visit(dep);
  };
  visit(name);
  return [...seen];
}

test('every package imports after npm install of its tarball and its @clrec dependencies only', { skip: process.env.CLREC_SKIP_INSTALL === '1' && 'CLREC_SKIP_INSTALL=1' }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'clrec-package-imports-'));
  t.after(() => {
    const t0 = performance.now();
    rmSync(work, { recursive: true, force: true });
    console.log(`removed the temporary projects in ${seconds(t0)}`);
  });
  const cache = process.env.npm_config_cache || join(tmpdir(), 'clrec-package-imports-npm-cache');
  const env = { ...process.env, npm_config_cache: cache, npm_config_update_notifier: 'false', NODE_NO_WARNINGS: '1' };
  const byName = new Map(all.map((p) => [p.pkg.name, p]));
  const needed = new Set(packages.flatMap(({ pkg }) => closure(pkg.name, byName)));

  // pack (what `npm publish` would ship)
  let t0 = performance.now();
  const packs = join(work, 'packs');
  mkdirSync(packs);
  const pnpm = join(ROOT, 'node_modules', '.bin', 'pnpm');
  const tarball = new Map();
  for (const name of needed) {
    const { stdout } = await run(pnpm, ['pack', '--pack-destination', packs, '--json'], { cwd: byName.get(name).absDir, maxBuffer: 64 << 20 });
    tarball.set(name, JSON.parse(stdout.slice(stdout.indexOf('{'))).filename);
  }
  console.log(`packed ${needed.size} packages in ${seconds(t0)}`);

  // what the workspace builds export, for comparison
  t0 = performance.now();
  const specs = packages.flatMap(({ absDir, pkg }) => entriesOf(pkg).map((e) => [specifierOf(pkg.name, e), pathToFileURL(join(absDir, importTarget(pkg, e))).href]));
  const expected = await exportNames(ROOT, specs, env);
  console.log(`workspace exports read in ${seconds(t0)}`);

  const failures = [];
  const concurrency = Math.max(1, Number(process.env.CLREC_INSTALL_CONCURRENCY) || 2);
  const queue = [...packages];
  const total = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { pkg } = next;
      const deps = closure(pkg.name, byName);
      const project = join(work, pkg.name.replace('@', '').replace('/', '__'));
      mkdirSync(project);
      writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'probe', private: true, type: 'module' })}\n`);
      const t1 = performance.now();
      try {
        await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...deps.map((d) => tarball.get(d))], { cwd: project, env, maxBuffer: 64 << 20 });
      } catch (err) {
        failures.push(`${pkg.name}: npm install failed: ${(err.stderr || err.message).trim().split('\n').slice(-3).join(' | ')}`);
        console.log(`install+import  ${pkg.name.padEnd(20)} FAIL (npm install)  ${seconds(t1)}`);
        continue;
      }
      const installed = seconds(t1);
      const t2 = performance.now();
      const entries = entriesOf(pkg).map((e) => specifierOf(pkg.name, e));
      const got = await exportNames(project, entries.map((s) => [s, s]), env);
      const problems = [];
      for (const spec of entries) {
        if (got[spec]?.error) problems.push(`import('${spec}') failed: ${got[spec].error}`);
        else if (expected[spec]?.error) problems.push(`the workspace build of ${spec} does not import: ${expected[spec].error}`);
        else {
          const missing = expected[spec].filter((n) => !got[spec].includes(n));
          if (missing.length) problems.push(`${spec} lacks ${missing.join(', ')} (exported by the workspace build)`);
        }
      }
      for (const name of KNOWN_EXPORTS[pkg.name] ?? []) {
        if (!entries.some((s) => Array.isArray(got[s]) && got[s].includes(name))) problems.push(`no entry of ${pkg.name} exports ${name}`);
      }
      if (entries.length > 1 && Array.isArray(got[entries[0]]) && Array.isArray(got[entries[1]])) {
        const lost = got[entries[0]].filter((n) => !got[entries[1]].includes(n));
        if (lost.length) problems.push(`${entries[1]} does not re-export ${lost.join(', ')} of the main entry`);
      }
      console.log(`install+import  ${pkg.name.padEnd(20)} ${problems.length ? 'FAIL' : 'ok  '}  install ${installed}, import ${seconds(t2)} (${deps.length} tarball${deps.length === 1 ? '' : 's'}; ${entries.join(', ')})`);
      if (problems.length) failures.push(`${pkg.name}:\n    ${problems.join('\n    ')}`);
    }
  }));
  console.log(`installed and imported ${packages.length} packages in ${seconds(total)} (npm cache ${cache})`);
  assert.equal(failures.length, 0, `packages that do not import after a clean install:\n  ${failures.join('\n  ')}`);
});
