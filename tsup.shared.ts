import { defineConfig } from 'tsup';

/**
 * The build every @clrec package uses: ESM + CJS + .d.ts from the given entry points, for Node 20.
 * With several entries (e.g. `src/index.ts` and the Node-only `src/node.ts`) the code they share is
 * split into common chunks, also for CJS, so both entries see one copy of each module (one class
 * identity, one registry).
 */
export function packageConfig(entry: string[] = ['src/index.ts']) {
  return defineConfig({
    entry, format: ['esm', 'cjs'], dts: true, clean: true, sourcemap: true, target: 'node20',
    ...(entry.length > 1 ? { splitting: true } : {}),
  });
}
