import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './native-status';

/** The parts of the tfjs WASM backend used here. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  getMemoryOffset(dataId: object): number;
  wasm: { HEAPU8: Uint8Array };
}

function rowsCols(x: TensorInfo, name: string): [number, number] {
  if (x.shape.length !== 2 || x.dtype !== 'float32') throw new Error(`${name}: expected float32 [rows, cols], got ${x.dtype} [${x.shape.join(', ')}]`);
  return [x.shape[0], x.shape[1]];
}

function checkPositives(p: TensorInfo, rows: number, name: string): void {
  if (p.dtype !== 'int32' || p.shape.length !== 1 || p.shape[0] !== rows) {
    throw new Error(`${name}: positives must be int32 [${rows}], got ${p.dtype} [${p.shape.join(', ')}]`);
  }
}

/**
 * The `KERNEL_NAMES.softmaxCrossEntropy` kernel on the WASM backend, by the native addon: one pass per
 * row for the max, the vectorised exp, the sum and the normalisation, instead of the dozen
 * `[rows, cols]` passes (max, sub, exp, sum, log, one-hot, mul, sum, div) of the stock composition.
 * Outputs `[loss [rows], probs [rows, cols]]`.
 * @throws Error for a positive outside `[0, cols)`, naming the row
 */
export function makeSoftmaxCrossEntropyNative(addon: NativeAddon): KernelFunc {
  return (params) => {
    const { logits, positives } = params.inputs as { logits: TensorInfo; positives: TensorInfo };
    const [rows, cols] = rowsCols(logits, 'softmaxCrossEntropy: logits');
    checkPositives(positives, rows, 'softmaxCrossEntropy');
    const backend = params.backend as unknown as WasmBackendLike;
    const loss = backend.makeOutput([rows], 'float32');
    const probs = backend.makeOutput([rows, cols], 'float32');
    if (rows * cols === 0) return [loss, probs];
    const off = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
    const bad = addon.xent(backend.wasm.HEAPU8.buffer as ArrayBuffer, off(logits), off(positives), off(loss), off(probs), rows, cols);
    if (bad >= 0) throw new Error(`softmaxCrossEntropy: the positive of row ${bad} is outside [0, ${cols})`);
    return [loss, probs];
  };
}

/** The `KERNEL_NAMES.softmaxCrossEntropyGrad` kernel on the WASM backend: (probs − onehot) · dy in one native pass. */
export function makeSoftmaxCrossEntropyGradNative(addon: NativeAddon): KernelFunc {
  return (params) => {
    const { probs, positives, dy } = params.inputs as { probs: TensorInfo; positives: TensorInfo; dy: TensorInfo };
    const [rows, cols] = rowsCols(probs, 'softmaxCrossEntropyGrad: probs');
    checkPositives(positives, rows, 'softmaxCrossEntropyGrad');
    if (dy.dtype !== 'float32' || dy.shape.reduce((a, b) => a * b, 1) !== rows) throw new Error(`softmaxCrossEntropyGrad: dy must be float32 with ${rows} values`);
    const backend = params.backend as unknown as WasmBackendLike;
    const out = backend.makeOutput([rows, cols], 'float32');
    if (rows * cols === 0) return out;
    const off = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
    addon.xentGrad(backend.wasm.HEAPU8.buffer as ArrayBuffer, off(probs), off(positives), off(dy), off(out), rows, cols);
    return out;
  };
}
