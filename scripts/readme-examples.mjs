#!/usr/bin/env node
// Runs every ```ts / ```js code block of packages/*/README.md and apps/*/README.md as written,
// so the package READMEs stay in step with the public API.
//
//   node scripts/readme-examples.mjs                 # all READMEs
//   node scripts/readme-examples.mjs queues metrics  # only READMEs whose path contains one of the words
//   node scripts/readme-examples.mjs --list          # show the blocks (run / skip) without running them
//   node scripts/readme-examples.mjs --timeout 90    # seconds per example (default 60)
//   node scripts/readme-examples.mjs --verbose       # also print each example's stdout / stderr
//
// Each block is written to <pkgdir>/.readme-example-<n>.mts (n = the block's 1-based index among the
// README's ts/js blocks), transpiled with esbuild (already in the workspace through tsup) to
// <pkgdir>/.readme-example-<n>.mjs and run with `node` from the package directory, so `@clrec/*`
// imports resolve through that package's node_modules (or its own name, through "exports").
// The temp files are deleted afterwards, also on failure. Transpiling does not type-check.
//
// A block that cannot run in a test (it needs a GPU, a long training, ...) is skipped by putting
//   <!-- readme-examples: skip (the reason) -->
// on the line(s) right before its opening fence; a skip without a reason is an error.
// An example must not leave files in the package directory (write to os.tmpdir() instead).
//
// Prints one line per block (README, block index, ok / FAIL / skip, seconds) and a summary; exits 1
// if any block fails, after printing its stderr.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RUN_LANGS = new Set(['ts', 'js', 'typescript', 'javascript', 'mts', 'mjs']);
const SKIP_RE = /^<!--\s*readme-examples:\s*skip\b\s*(.*?)\s*-->$/;

/** READMEs checked: packages/<x>/README.md and apps/<x>/README.md, sorted. */
export function findReadmes(root = ROOT) {
  const out = [];
  for (const group of ['packages', 'apps']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const readme = join(base, name, 'README.md');
      if (statSync(join(base, name)).isDirectory() && existsSync(readme)) out.push(readme);
    }
  }
  return out;
}

/**
 * The fenced code blocks of a Markdown text tagged ts/js (other tags and untagged fences are
 * ignored). Returns { index, line, lang, code, skip } where index is 1-based among the returned
 * blocks, line is the 1-based line of the opening fence and skip is null or { reason }
 * (reason '' = a marker without a reason, which is an error).
 */
export function extractBlocks(markdown) {
  const lines = markdown.split(/\r?\n/);
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/.exec(lines[i]);
    if (!open) continue;
    const [, , fence, info] = open;
    const body = [];
    let j = i + 1;
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    for (; j < lines.length && !close.test(lines[j]); j++) body.push(lines[j]);
    const lang = info.toLowerCase();
    if (RUN_LANGS.has(lang)) {
      let skip = null;
      // The marker may be anywhere in the comment/blank lines right above the fence.
      for (let k = i - 1; k >= 0; k--) {
        const t = lines[k].trim();
        if (t === '') continue;
        const m = SKIP_RE.exec(t);
        if (m) skip = { reason: m[1].replace(/^\((.*)\)$/, '$1').replace(/^[:\-–—]\s*/, '').trim() };
        if (!m && !t.startsWith('<!--')) break;
        if (m) break;
      }
      blocks.push({ index: blocks.length + 1, line: i + 1, lang, code: body.join('\n') + '\n', skip });
    }
    i = j; // continue after the closing fence
  }
  return blocks;
}

function loadEsbuild() {
  const req = createRequire(join(ROOT, 'package.json'));
  try {
    return req('esbuild');
  } catch {
    // pnpm: esbuild is a dependency of tsup, not hoisted to the root.
    return createRequire(req.resolve('tsup'))('esbuild');
  }
}

function runNode(file, cwd, timeoutMs) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [file], {
      cwd,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, timedOut, stdout, stderr });
    });
  });
}

/** Runs one block from pkgDir; resolves to { ok, seconds, error?, stdout, stderr }. */
export async function runBlock(block, pkgDir, { timeoutMs = 60_000, esbuild = loadEsbuild() } = {}) {
  const mts = join(pkgDir, `.readme-example-${block.index}.mts`);
  const mjs = join(pkgDir, `.readme-example-${block.index}.mjs`);
  const before = new Set(readdirSync(pkgDir));
  const t0 = performance.now();
  try {
    writeFileSync(mts, block.code);
    let js;
    try {
      js = esbuild.transformSync(block.code, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: mts }).code;
    } catch (e) {
      return { ok: false, seconds: (performance.now() - t0) / 1000, error: 'does not compile', stdout: '', stderr: String(e.message ?? e) };
    }
    writeFileSync(mjs, js);
    const r = await runNode(mjs, pkgDir, timeoutMs);
    const seconds = (performance.now() - t0) / 1000;
    let error;
    if (r.timedOut) error = `timed out after ${timeoutMs / 1000} s`;
    else if (r.code !== 0) error = r.signal ? `killed by ${r.signal}` : `exit code ${r.code}`;
    const left = readdirSync(pkgDir).filter((f) => !before.has(f) && f !== `.readme-example-${block.index}.mts` && f !== `.readme-example-${block.index}.mjs`);
    if (!error && left.length) error = `left files in the package directory: ${left.join(', ')} (write to os.tmpdir() instead)`;
    return { ok: !error, seconds, error, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(mts, { force: true });
    rmSync(mjs, { force: true });
  }
}

function tail(text, max = 6000) {
  return text.length > max ? `…${text.slice(-max)}` : text;
}

async function main(argv) {
  const words = [];
  let list = false;
  let verbose = false;
  let timeoutMs = 60_000;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--list') list = true;
    else if (argv[i] === '--verbose' || argv[i] === '-v') verbose = true;
    else if (argv[i] === '--timeout') timeoutMs = Number(argv[++i]) * 1000;
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('usage: node scripts/readme-examples.mjs [--list] [--verbose] [--timeout seconds] [path-substring ...]');
      return 0;
    } else words.push(argv[i]);
  }
  if (!(timeoutMs > 0)) throw new Error('--timeout needs a positive number of seconds');
  const readmes = findReadmes().filter((f) => words.length === 0 || words.some((w) => relative(ROOT, f).includes(w)));
  if (readmes.length === 0) {
    console.error(`readme-examples: no README matches ${words.join(' ')}`);
    return 1;
  }
  const esbuild = list ? null : loadEsbuild();
  const failures = [];
  let ok = 0;
  let skipped = 0;
  const t0 = performance.now();
  for (const readme of readmes) {
    const rel = relative(ROOT, readme);
    const pkgDir = dirname(readme);
    const blocks = extractBlocks(readFileSync(readme, 'utf8'));
    if (blocks.length === 0) console.log(`${rel}  (no ts/js blocks)`);
    for (const block of blocks) {
      const where = `${rel} #${block.index} (line ${block.line})`;
      if (block.skip) {
        if (!block.skip.reason) {
          console.log(`${where}  FAIL  skip marker without a reason`);
          failures.push({ where, error: 'a skip marker must give its reason: <!-- readme-examples: skip (reason) -->', stderr: '' });
        } else {
          skipped++;
          console.log(`${where}  skip  (${block.skip.reason})`);
        }
        continue;
      }
      if (list) {
        console.log(`${where}  run`);
        continue;
      }
      const r = await runBlock(block, pkgDir, { timeoutMs, esbuild });
      console.log(`${where}  ${r.ok ? 'ok  ' : 'FAIL'}  ${r.seconds.toFixed(1)} s${r.ok ? '' : `  ${r.error}`}`);
      if (verbose && r.ok) {
        for (const [name, text] of [['stdout', r.stdout], ['stderr', r.stderr]]) {
          if (text.trim()) console.log(`  ${name}:\n${tail(text.trimEnd()).replace(/^/gm, '    ')}`);
        }
      }
      if (r.ok) ok++;
      else failures.push({ where, ...r });
    }
  }
  const total = ((performance.now() - t0) / 1000).toFixed(1);
  for (const f of failures) {
    console.error(`\n--- ${f.where}: ${f.error}`);
    const out = f.stderr?.trim() ? f.stderr : f.stdout ?? '';
    if (out.trim()) console.error(tail(out.trimEnd()));
  }
  if (list) console.log(`\nreadme-examples: listed ${readmes.length} README(s)`);
  else console.log(`\nreadme-examples: ${ok} ok, ${failures.length} failed, ${skipped} skipped, ${readmes.length} README(s), ${total} s`);
  return failures.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
    console.error(e?.stack ?? e);
    process.exitCode = 1;
  });
}
