import { defineConfig } from 'tsup';

// two entries sharing one copy of each module (splitting also for CJS), so a plugin registered
// through `@clrec/training` is seen by `@clrec/training/node`
export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts'], format: ['esm', 'cjs'], dts: true, clean: true, sourcemap: true, target: 'node20', splitting: true,
});
