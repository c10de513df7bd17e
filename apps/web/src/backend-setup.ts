import { type BackendInfo, type BackendName, backendPlugin, BROWSER_BACKEND_NAMES, initBackend } from '@clrec/backend';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** What {@link setupBackend} started: `initBackend`'s choice, its report line, and backends the page itself left out. */
export interface PageBackend {
  info: BackendInfo;
  report: string;
  /** Backends `auto` did not try, with the reason (a software-rendered WebGL). */
  leftOut: { name: string; error: string }[];
}

/**
 * The renderer of the browser's WebGL when it is a software one (SwiftShader, llvmpipe: headless
 * browsers, machines without a GPU), where the `webgl` backend is far slower than `wasm`; else null.
 */
function softwareWebGl(): string | null {
  const canvas = document.createElement('canvas');
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|softpipe|software/i.test(renderer) ? renderer : null;
}

/**
 * Starts the compute backend of the page: points tfjs at the `.wasm` binaries served beside it
 * (`wasm/`, copied there by the build), loads the optional WebGPU backend when the browser has
 * `navigator.gpu`, then `initBackend` — `webgpu` → `webgl` → `wasm` → `cpu`, or the one `prefer`
 * names. `auto` leaves out a software-rendered WebGL (tens of times slower than `wasm` here);
 * `?backend=webgl` still gets it.
 * @throws Error for an unknown name, or a named backend this browser cannot run (with those it can)
 */
export async function setupBackend(prefer: string): Promise<PageBackend> {
  if (prefer !== 'auto' && !(BROWSER_BACKEND_NAMES as readonly string[]).includes(prefer)) {
    throw new Error(`?backend=${prefer}: not a browser backend; use auto, ${BROWSER_BACKEND_NAMES.join(', ')}`);
  }
  setWasmPaths(new URL('wasm/', document.baseURI).href);
  const gpu = (navigator as Navigator & { gpu?: unknown }).gpu;
  if (gpu && (prefer === 'auto' || prefer === 'webgpu')) {
    try {
      await import('@tensorflow/tfjs-backend-webgpu'); // registers the tfjs "webgpu" backend
    } catch (e) {
      console.warn('[clrec] the WebGPU backend could not be loaded', e);
    }
  }
  const leftOut: PageBackend['leftOut'] = [];
  let names: readonly BackendName[] = BROWSER_BACKEND_NAMES;
  const software = prefer === 'auto' ? softwareWebGl() : null;
  if (software) {
    leftOut.push({ name: 'webgl', error: `software renderer (${software})` });
    names = names.filter((n) => n !== 'webgl');
  }
  let report = '';
  const info = await initBackend({ prefer: prefer as BackendName | 'auto', backends: names.map((n) => backendPlugin(n)), log: (line) => (report = line) });
  if (leftOut.length) report += `; left out ${leftOut.map((t) => `${t.name}: ${t.error}`).join('; ')}`;
  console.info(report);
  return { info, report, leftOut };
}
