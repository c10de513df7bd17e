#!/usr/bin/env node
// Scaffolds a package: node scripts/new-package.mjs <dir> <name> "<description>"
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
const [dir, name, description] = process.argv.slice(2);
if (!dir || !name) { console.error('usage: new-package.mjs <dir> <name> <description>'); process.exit(2); }
mkdirSync(`${dir}/src`, { recursive: true });
const pkg = {
  name, version: '0.1.0', description, license: 'Apache-2.0', type: 'module',
  main: './dist/index.cjs', module: './dist/index.js', types: './dist/index.d.ts',
  exports: { '.': {
    import: { types: './dist/index.d.ts', default: './dist/index.js' },
    require: { types: './dist/index.d.cts', default: './dist/index.cjs' } } },
  files: ['dist', 'README.md'], sideEffects: false,
  scripts: { build: 'tsup', test: 'vitest run', typecheck: 'tsc --noEmit', lint: 'node ../../scripts/lint.mjs' },
  publishConfig: { access: 'public' },
};
if (!existsSync(`${dir}/package.json`)) writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + '\n');
writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['src', '*.ts'] }, null, 2) + '\n');
writeFileSync(`${dir}/tsup.config.ts`, `import { packageConfig } from '../../tsup.shared';\n\nexport default packageConfig();\n`);
writeFileSync(`${dir}/vitest.config.ts`, `import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({\n  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, pool: 'forks' },\n});\n`);
