import { defineConfig } from 'tsup';

/** The build every @clrec package uses: ESM + CJS + .d.ts from the given entry points, for Node 20. */
export function packageConfig(entry: string[] = ['src/index.ts']) {
  return defineConfig({ entry, format: ['esm', 'cjs'], dts: true, clean: true, sourcemap: true, target: 'node20' });
}
