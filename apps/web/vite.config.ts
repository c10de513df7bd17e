import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/** The folder holding the `.wasm` binaries of @tensorflow/tfjs-backend-wasm (the version the app depends on). */
const wasmDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
const wasmFiles = readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'));

/**
 * Serves the tfjs WASM binaries under `wasm/` (the page calls `setWasmPaths('<base>wasm/')`): copied
 * into `dist/wasm/` by `vite build`, answered from node_modules by `vite` (dev server).
 */
function tfjsWasm(): Plugin {
  return {
    name: 'clrec-tfjs-wasm',
    generateBundle() {
      for (const f of wasmFiles) this.emitFile({ type: 'asset', fileName: `wasm/${f}`, source: readFileSync(join(wasmDir, f)) });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = /\/wasm\/([\w.-]+\.wasm)(\?|$)/.exec(req.url ?? '')?.[1];
        if (!name || !wasmFiles.includes(name)) return next();
        res.setHeader('content-type', 'application/wasm');
        createReadStream(join(wasmDir, name)).pipe(res);
      });
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [tfjsWasm()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { port: 5173 },
});
