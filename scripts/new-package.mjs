#!/usr/bin/env node
// Scaffolds a package: node scripts/new-package.mjs <dir> <name> "<description>" [keyword,keyword,...]
// The package.json carries the metadata scripts/check-package-metadata.mjs requires (repository,
// homepage, bugs, engines, keywords, author, license) and the root LICENSE / NOTICE are copied in.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LEGAL_FILES, ROOT, packageDirOf, withMetadata } from './package-metadata.mjs';

const [dir, name, description, keywordList] = process.argv.slice(2);
if (!dir || !name || !description) {
  console.error('usage: new-package.mjs <dir> <name> "<description>" [keyword,keyword,...]');
  process.exit(2);
}
const repoDir = packageDirOf(resolve(dir));
const keywords = keywordList
  ? keywordList.split(',').map((k) => k.trim()).filter(Boolean)
  : [name.replace(/^@[^/]+\//, '')];
mkdirSync(`${dir}/src`, { recursive: true });
const pkg = withMetadata({
  name, version: '0.1.0', description, type: 'module',
  main: './dist/index.cjs', module: './dist/index.js', types: './dist/index.d.ts',
  exports: { '.': {
    import: { types: './dist/index.d.ts', default: './dist/index.js' },
    require: { types: './dist/index.d.cts', default: './dist/index.cjs' } } },
  files: ['dist', 'README.md', ...LEGAL_FILES], sideEffects: false,
  scripts: { build: 'tsup', test: 'vitest run', typecheck: 'tsc --noEmit', lint: 'node ../../scripts/lint.mjs' },
  publishConfig: { access: 'public' },
}, repoDir, { keywords });
if (!existsSync(`${dir}/package.json`)) writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + '\n');
else console.error(`${dir}/package.json exists: left as it is (check it with node scripts/check-package-metadata.mjs)`);
for (const f of LEGAL_FILES) copyFileSync(join(ROOT, f), join(dir, f));
writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['src', '*.ts'] }, null, 2) + '\n');
writeFileSync(`${dir}/tsup.config.ts`, `import { packageConfig } from '../../tsup.shared';\n\nexport default packageConfig();\n`);
writeFileSync(`${dir}/vitest.config.ts`, `import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({\n  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, pool: 'forks' },\n});\n`);
if (!existsSync(`${dir}/README.md`)) {
  writeFileSync(`${dir}/README.md`, `# ${name}\n\n${description}\n\nLicensed under the Apache License, Version 2.0 (see LICENSE).\n`);
}
