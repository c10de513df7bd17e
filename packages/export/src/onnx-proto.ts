import { ProtoWriter } from './protobuf-writer';

/** ONNX `TensorProto.DataType` codes of the element types this package writes. */
export const ONNX_TYPES = { float: 1, int32: 6, int64: 7, bool: 9 } as const;

/** An ONNX element type this package writes. */
export type OnnxElementType = keyof typeof ONNX_TYPES;

/** A constant tensor (an initializer), stored as little-endian `raw_data`. */
export interface OnnxTensor {
  name: string;
  type: OnnxElementType;
  dims: number[];
  /** float32 data for `float`; int64 values (as numbers) for `int64`; int32 for `int32`; 0/1 for `bool`. */
  data: Float32Array | ArrayLike<number>;
}

/** A node attribute: an int, a float, a list of ints or a string. */
export type OnnxAttribute =
  | { name: string; type: 'int'; value: number }
  | { name: string; type: 'float'; value: number }
  | { name: string; type: 'ints'; value: number[] }
  | { name: string; type: 'string'; value: string };

/** One operator of the graph. */
export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  name: string;
  attributes?: OnnxAttribute[];
}

/** A graph input or output: its element type and shape (a number per fixed dimension, a name per symbolic one). */
export interface OnnxValueInfo {
  name: string;
  type: OnnxElementType;
  shape: (number | string)[];
  doc?: string;
}

/** A whole model: one graph, the default-domain opset it uses, and producer facts. */
export interface OnnxModel {
  graphName: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** Default-domain opset version (e.g. 17). */
  opset: number;
  /** ONNX IR version (8 goes with opset 17). */
  irVersion: number;
  producerName: string;
  producerVersion: string;
  doc?: string;
  /** `metadata_props` key/value pairs (readable with onnxruntime's `InferenceSession.metadata` and `onnx.load`). */
  metadata?: Record<string, string>;
}

const ATTRIBUTE_TYPES = { float: 1, int: 2, string: 3, ints: 7 } as const;

/**
 * Encodes a model as an ONNX `ModelProto` (the bytes of a `.onnx` file).
 * @throws RangeError when the encoded model would exceed protobuf's 2 GiB message limit (e.g. a very
 *   large item table), naming the largest initializer
 */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const total = model.initializers.reduce((s, t) => s + tensorBytes(t).length, 0);
  if (total > 2 ** 31 - 1 - 1_000_000) {
    const largest = [...model.initializers].sort((a, b) => tensorBytes(b).length - tensorBytes(a).length)[0];
    throw new RangeError(`encodeOnnxModel: the weights take ${total} bytes, over protobuf's 2 GiB limit for one .onnx file (largest: "${largest.name}" [${largest.dims}])`);
  }
  const graph = new ProtoWriter();
  for (const n of model.nodes) graph.message(1, encodeNode(n));
  graph.string(2, model.graphName);
  for (const t of model.initializers) graph.message(5, encodeTensor(t));
  if (model.doc) graph.string(10, model.doc);
  for (const v of model.inputs) graph.message(11, encodeValueInfo(v));
  for (const v of model.outputs) graph.message(12, encodeValueInfo(v));

  const m = new ProtoWriter();
  m.varint(1, model.irVersion);
  m.string(2, model.producerName);
  m.string(3, model.producerVersion);
  m.varint(5, 1); // model_version
  if (model.doc) m.string(6, model.doc);
  m.message(7, graph);
  m.message(8, new ProtoWriter().string(1, '').varint(2, model.opset));
  for (const [key, value] of Object.entries(model.metadata ?? {})) m.message(14, new ProtoWriter().string(1, key).string(2, value));
  return m.finish();
}

function encodeNode(n: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name);
  w.string(4, n.opType);
  for (const a of n.attributes ?? []) w.message(5, encodeAttribute(a));
  return w;
}

function encodeAttribute(a: OnnxAttribute): ProtoWriter {
  const w = new ProtoWriter().string(1, a.name);
  if (a.type === 'float') w.float(2, a.value);
  else if (a.type === 'int') w.varint(3, a.value);
  else if (a.type === 'string') w.string(4, a.value);
  else w.packedVarints(8, a.value);
  return w.varint(20, ATTRIBUTE_TYPES[a.type]);
}

function encodeTensor(t: OnnxTensor): ProtoWriter {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (t.data.length !== count) throw new RangeError(`encodeOnnxModel: initializer "${t.name}" has ${t.data.length} values for dims [${t.dims}]`);
  return new ProtoWriter()
    .packedVarints(1, t.dims)
    .varint(2, ONNX_TYPES[t.type])
    .string(8, t.name)
    .bytes(9, tensorBytes(t));
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const rawCache = new WeakMap<OnnxTensor, Uint8Array>();

/** Little-endian raw bytes of a tensor's values. */
function tensorBytes(t: OnnxTensor): Uint8Array {
  const cached = rawCache.get(t);
  if (cached) return cached;
  const n = t.data.length;
  if (t.type === 'float' && t.data instanceof Float32Array && LITTLE_ENDIAN) {
    const copy = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength).slice();
    rawCache.set(t, copy);
    return copy;
  }
  const width = t.type === 'int64' ? 8 : t.type === 'bool' ? 1 : 4;
  const out = new Uint8Array(n * width);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) {
    const v = t.data[i];
    if (t.type === 'float') view.setFloat32(i * 4, v, true);
    else if (t.type === 'int32') view.setInt32(i * 4, v, true);
    else if (t.type === 'int64') view.setBigInt64(i * 8, BigInt(v), true);
    else out[i] = v ? 1 : 0;
  }
  rawCache.set(t, out);
  return out;
}

function encodeValueInfo(v: OnnxValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) shape.message(1, typeof d === 'number' ? new ProtoWriter().varint(1, d) : new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().varint(1, ONNX_TYPES[v.type]).message(2, shape);
  const w = new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
  if (v.doc) w.string(3, v.doc);
  return w;
}
