// The package.json metadata every published @clrec package carries, shared by
// scripts/new-package.mjs (writes it), scripts/check-package-metadata.mjs and scripts/check-packs.mjs
// (check it), plus the list of workspace packages read from pnpm-workspace.yaml.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root (the folder above scripts/). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const GITHUB = 'https://github.com/clrec/clrec-ts';
export const REPOSITORY_URL = `git+${GITHUB}.git`;
export const BUGS_URL = `${GITHUB}/issues`;
export const AUTHOR = 'The CLRec TypeScript authors';
export const LICENSE_ID = 'Apache-2.0';
/** Files every package copies from the root and ships in its tarball (kept identical by check-license). */
export const LEGAL_FILES = ['LICENSE', 'NOTICE'];
/** Keywords every package has; each package adds at least one of its own. */
export const BASE_KEYWORDS = [
  'recommender-systems',
  'contrastive-learning',
  'candidate-generation',
  'clrec',
  'tensorflowjs',
];

/** The Node range of the root package.json (`engines.node`), which every package repeats. */
export function nodeRange() {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines?.node ?? '>=20';
}

/** `packages/x` style path of a package folder, with forward slashes. */
export function packageDirOf(absDir) {
  return relative(ROOT, absDir).split(sep).join('/');
}

/** The metadata that depends only on where the package lives. */
export function commonMetadata(dir) {
  return {
    homepage: `${GITHUB}/tree/main/${dir}#readme`,
    bugs: { url: BUGS_URL },
    repository: { type: 'git', url: REPOSITORY_URL, directory: dir },
    license: LICENSE_ID,
    author: AUTHOR,
    engines: { node: nodeRange() },
  };
}

const FIELD_ORDER = [
  'name', 'version', 'private', 'description', 'keywords', 'homepage', 'bugs', 'repository',
  'license', 'author', 'engines',
];

/**
 * `pkg` with the common metadata of `dir` (and `extra`, e.g. description/keywords) set, the metadata
 * fields first in the conventional order and every other field after them in its original order.
 */
export function withMetadata(pkg, dir, extra = {}) {
  const merged = { ...pkg, ...commonMetadata(dir), ...extra };
  if (merged.keywords) merged.keywords = [...new Set([...BASE_KEYWORDS, ...merged.keywords])];
  const out = {};
  for (const key of FIELD_ORDER) if (key in merged) out[key] = merged[key];
  for (const [key, value] of Object.entries(merged)) if (!(key in out)) out[key] = value;
  if (Array.isArray(out.files)) {
    out.files = [...out.files, ...LEGAL_FILES.filter((f) => !out.files.includes(f))];
  }
  return out;
}

/**
 * What is missing or wrong in `pkg` (a parsed package.json of the package in `dir`), as
 * `field: problem` strings. `pkgDir`, when given, is the folder checked for LICENSE / NOTICE.
 */
export function metadataProblems(pkg, dir, pkgDir) {
  const problems = [];
  const expected = commonMetadata(dir);
  const bad = (field, why) => problems.push(`${field}: ${why}`);
  if (typeof pkg.description !== 'string' || pkg.description.trim().length < 20) {
    bad('description', 'missing or shorter than 20 characters');
  }
  if (!Array.isArray(pkg.keywords)) bad('keywords', 'missing');
  else {
    const missing = BASE_KEYWORDS.filter((k) => !pkg.keywords.includes(k));
    if (missing.length) bad('keywords', `missing ${missing.join(', ')}`);
    if (pkg.keywords.length <= BASE_KEYWORDS.length) bad('keywords', 'no package-specific keyword');
  }
  if (pkg.homepage !== expected.homepage) bad('homepage', `expected ${expected.homepage}, got ${JSON.stringify(pkg.homepage)}`);
  if (pkg.bugs?.url !== expected.bugs.url) bad('bugs', `expected { "url": "${expected.bugs.url}" }, got ${JSON.stringify(pkg.bugs)}`);
  const repo = pkg.repository;
  if (!repo || typeof repo !== 'object') bad('repository', 'missing (expected { type, url, directory })');
  else {
    for (const key of ['type', 'url', 'directory']) {
      if (repo[key] !== expected.repository[key]) {
        bad(`repository.${key}`, `expected ${JSON.stringify(expected.repository[key])}, got ${JSON.stringify(repo[key])}`);
      }
    }
  }
  if (pkg.license !== LICENSE_ID) bad('license', `expected "${LICENSE_ID}", got ${JSON.stringify(pkg.license)}`);
  const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
  if (!author || !String(author).trim()) bad('author', 'missing');
  if (pkg.engines?.node !== expected.engines.node) {
    bad('engines.node', `expected "${expected.engines.node}", got ${JSON.stringify(pkg.engines?.node)}`);
  }
  if (!Array.isArray(pkg.files)) bad('files', 'missing (the tarball would hold the whole folder)');
  else for (const f of LEGAL_FILES) if (!pkg.files.includes(f)) bad('files', `does not list "${f}"`);
  if (pkgDir) for (const f of LEGAL_FILES) if (!existsSync(join(pkgDir, f))) bad(f, `no ${f} file in ${dir}/`);
  return problems;
}

/**
 * The workspace packages (from pnpm-workspace.yaml `packages:`; entries `dir/*` or `dir`), each as
 * `{ dir: 'packages/core', absDir, pkg }`, sorted by dir. Folders without a package.json are skipped.
 */
export function workspacePackages() {
  const yaml = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\s*\n((?:[ \t]+-.*\n?|[ \t]*#.*\n?|[ \t]*\n)*)/m.exec(yaml);
  if (!block) throw new Error('pnpm-workspace.yaml: no "packages:" list');
  const globs = [...block[1].matchAll(/^[ \t]+-[ \t]*["']?([^"'\n#]+?)["']?[ \t]*(?:#.*)?$/gm)].map((m) => m[1]);
  const dirs = [];
  for (const glob of globs) {
    if (glob.startsWith('!')) continue;
    if (glob.endsWith('/*')) {
      const parent = glob.slice(0, -2);
      if (!existsSync(join(ROOT, parent))) continue;
      for (const entry of readdirSync(join(ROOT, parent), { withFileTypes: true })) {
        if (entry.isDirectory()) dirs.push(`${parent}/${entry.name}`);
      }
    } else if (!glob.includes('*')) dirs.push(glob.replace(/\/$/, ''));
    else throw new Error(`pnpm-workspace.yaml: unsupported glob ${glob}`);
  }
  return [...new Set(dirs)].sort()
    .map((dir) => ({ dir, absDir: join(ROOT, dir) }))
    .filter(({ absDir }) => existsSync(join(absDir, 'package.json')))
    .map((p) => ({ ...p, pkg: JSON.parse(readFileSync(join(p.absDir, 'package.json'), 'utf8')) }));
}
