// Tests of the packaging scripts: node --test scripts/package-scripts.test.mjs (npm run test:scripts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  BASE_KEYWORDS, LEGAL_FILES, ROOT, commonMetadata, metadataProblems, packageDirOf, withMetadata, workspacePackages,
} from './package-metadata.mjs';

const complete = (dir) => withMetadata({
  name: '@clrec/example', version: '0.1.0', description: 'An example package for the metadata tests.',
  files: ['dist', 'README.md'], type: 'module',
}, dir, { keywords: ['example'] });

test('withMetadata adds every expected field, base keywords first and LICENSE / NOTICE to files', () => {
  const pkg = complete('packages/example');
  assert.deepEqual(metadataProblems(pkg, 'packages/example'), []);
  assert.deepEqual(pkg.keywords, [...BASE_KEYWORDS, 'example']);
  assert.deepEqual(pkg.files, ['dist', 'README.md', ...LEGAL_FILES]);
  assert.deepEqual(pkg.repository, {
    type: 'git', url: 'git+https://github.com/clrec/clrec-ts.git', directory: 'packages/example',
  });
  assert.equal(pkg.homepage, 'https://github.com/clrec/clrec-ts/tree/main/packages/example#readme');
  assert.deepEqual(pkg.bugs, { url: 'https://github.com/clrec/clrec-ts/issues' });
  assert.equal(pkg.license, 'Apache-2.0');
  assert.deepEqual(pkg.engines, { node: '>=20' });
  assert.deepEqual(Object.keys(pkg).slice(0, 3), ['name', 'version', 'description']);
});

test('metadataProblems names each missing or wrong field', () => {
  const pkg = complete('packages/example');
  for (const field of ['repository', 'homepage', 'bugs', 'engines', 'author', 'description']) {
    const broken = { ...pkg };
    delete broken[field];
    const problems = metadataProblems(broken, 'packages/example');
    assert.ok(problems.some((p) => p.startsWith(field)), `${field}: ${problems.join('; ')}`);
  }
  assert.ok(metadataProblems({ ...pkg, keywords: BASE_KEYWORDS }, 'packages/example')
    .some((p) => p.includes('package-specific')));
  assert.ok(metadataProblems({ ...pkg, license: 'MIT' }, 'packages/example').some((p) => p.startsWith('license')));
  assert.ok(metadataProblems(pkg, 'packages/other').some((p) => p.startsWith('repository.directory')));
  assert.ok(metadataProblems({ ...pkg, files: ['dist'] }, 'packages/example').some((p) => p.includes('"LICENSE"')));
});

test('new-package.mjs scaffolds a package that passes the metadata check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clrec-new-package-'));
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts/new-package.mjs'), dir, '@clrec/example',
      'An example package for the scaffolding test.', 'example,testing'], { stdio: 'pipe' });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    assert.deepEqual(metadataProblems(pkg, packageDirOf(dir), dir), []);
    assert.deepEqual(pkg.keywords, [...BASE_KEYWORDS, 'example', 'testing']);
    assert.ok(existsSync(join(dir, 'README.md')));
    for (const f of LEGAL_FILES) assert.ok(readFileSync(join(dir, f)).equals(readFileSync(join(ROOT, f))), f);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('workspacePackages lists the packages and apps of pnpm-workspace.yaml', () => {
  const dirs = workspacePackages().map((p) => p.dir);
  for (const dir of ['packages/core', 'packages/metrics', 'apps/trainer', 'apps/bench']) assert.ok(dirs.includes(dir), dir);
  assert.equal(commonMetadata('apps/trainer').repository.directory, 'apps/trainer');
});

test('the root LICENSE is the unmodified Apache License 2.0 text and NOTICE carries the copyright', () => {
  const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
  assert.match(license, /Apache License\n\s+Version 2\.0, January 2004/);
  assert.match(license, /END OF TERMS AND CONDITIONS/);
  assert.match(license, /Copyright \[yyyy\] \[name of copyright owner\]/); // the appendix stays a template
  assert.match(readFileSync(join(ROOT, 'NOTICE'), 'utf8'), /Copyright 2026 The CLRec TypeScript authors/);
});
