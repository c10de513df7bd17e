import { defineConfig } from 'tsup';

// The CommonJS build keeps `import()` as it is, so it loads the ES-module-only hyparquet-writer on every
// Node 20 (require() of an ES module needs Node >= 20.19). No splitting: tsup turns the import() of
// split CommonJS chunks into require().
export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts'], format: ['esm', 'cjs'], dts: true, clean: true, sourcemap: true, target: 'node20', splitting: false,
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.supported = { ...options.supported, 'dynamic-import': true };
  },
});
