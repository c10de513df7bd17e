import type { OnnxAttribute, OnnxNode, OnnxTensor } from './onnx-proto';

/** `Cast` target codes (ONNX `TensorProto.DataType`). */
const CAST_TO = { float: 1, int64: 7 } as const;

/**
 * Builds an ONNX graph one operator at a time: each call adds a node and returns the name of its
 * output, so graphs read like the tfjs code they mirror. Constants are deduplicated; weights become
 * initializers under their checkpoint parameter names.
 */
export class GraphBuilder {
  /** Nodes in topological order (the order they were added). */
  readonly nodes: OnnxNode[] = [];
  /** Weights and constants. */
  readonly initializers: OnnxTensor[] = [];
  private count = 0;
  private readonly constants = new Map<string, string>();
  private readonly names = new Set<string>();

  /** Adds one node with a single output; returns the output's name. */
  op(opType: string, inputs: string[], attributes: OnnxAttribute[] = []): string {
    const out = `${opType.toLowerCase()}_${this.count++}`;
    this.nodes.push({ opType, inputs, outputs: [out], name: `${opType}_${this.count}`, attributes });
    return out;
  }

  /** Renames the node output `value` to `name` (e.g. a graph output), in its producer and every consumer. */
  rename(value: string, name: string): string {
    const producer = this.nodes.find((n) => n.outputs.includes(value));
    if (!producer) throw new Error(`GraphBuilder: no node produces "${value}"`);
    for (const n of this.nodes) {
      n.inputs = n.inputs.map((i) => (i === value ? name : i));
      n.outputs = n.outputs.map((o) => (o === value ? name : o));
    }
    return name;
  }

  /** A float32 weight initializer named `name` (e.g. `user.att_mlp.w1`). */
  weight(name: string, data: Float32Array, dims: number[]): string {
    if (this.names.has(name)) throw new Error(`GraphBuilder: initializer "${name}" added twice`);
    this.names.add(name);
    this.initializers.push({ name, type: 'float', dims, data });
    return name;
  }

  /** A float32 constant (a scalar when `dims` is omitted). */
  float(values: number | number[], dims: number[] = typeof values === 'number' ? [] : [values.length]): string {
    return this.constant('float', typeof values === 'number' ? [values] : values, dims);
  }

  /** An int64 constant (a 1-D list by default: axes, shapes). */
  ints(values: number[], dims: number[] = [values.length]): string {
    return this.constant('int64', values, dims);
  }

  /** `Cast` to float32 or int64. */
  cast(x: string, to: keyof typeof CAST_TO): string {
    return this.op('Cast', [x], [{ name: 'to', type: 'int', value: CAST_TO[to] }]);
  }

  /** `Unsqueeze` at the given axes (opset ≥ 13: axes as an input). */
  unsqueeze(x: string, axes: number[]): string {
    return this.op('Unsqueeze', [x, this.ints(axes)]);
  }

  /** `ReduceSum` over `axes` (opset ≥ 13: axes as an input). */
  reduceSum(x: string, axes: number[], keepdims: boolean): string {
    return this.op('ReduceSum', [x, this.ints(axes)], [{ name: 'keepdims', type: 'int', value: keepdims ? 1 : 0 }]);
  }

  /** `ReduceMean` / `ReduceMax` over `axes` (opset 17: axes as an attribute). */
  reduce(kind: 'ReduceMean' | 'ReduceMax', x: string, axes: number[], keepdims: boolean): string {
    return this.op(kind, [x], [{ name: 'axes', type: 'ints', value: axes }, { name: 'keepdims', type: 'int', value: keepdims ? 1 : 0 }]);
  }

  /** `Transpose` with a permutation. */
  transpose(x: string, perm: number[]): string {
    return this.op('Transpose', [x], [{ name: 'perm', type: 'ints', value: perm }]);
  }

  /** `Reshape` to a constant shape (0 copies the input's dimension). */
  reshape(x: string, shape: number[]): string {
    return this.op('Reshape', [x, this.ints(shape)]);
  }

  /** `Softmax` over the last axis. */
  softmax(x: string): string {
    return this.op('Softmax', [x], [{ name: 'axis', type: 'int', value: -1 }]);
  }

  /** The distinct operator types used so far, sorted. */
  opTypes(): string[] {
    return [...new Set(this.nodes.map((n) => n.opType))].sort();
  }

  private constant(type: 'float' | 'int64', values: number[], dims: number[]): string {
    const key = `${type}:${dims.join('x')}:${values.join(',')}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = `const_${this.constants.size}`;
    this.constants.set(key, name);
    this.initializers.push({ name, type, dims, data: type === 'float' ? Float32Array.from(values) : values });
    return name;
  }
}
