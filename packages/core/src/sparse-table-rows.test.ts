import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, describe, expect, it } from 'vitest';
import { updateTableRows } from './sparse-table-rows';

afterEach(async () => {
  await tf.setBackend('cpu');
});

describe.each(['cpu', 'wasm'])('updateTableRows on %s', (backend) => {
  it.each([true, false])('reads, updates and writes back only the given rows (in place: %s)', async (inPlace) => {
    await tf.setBackend(backend);
    const table = tf.tidy(() => tf.variable(tf.tensor3d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [3, 2, 2])));
    const before = { tensors: tf.memory().numTensors, dataIds: tf.engine().backend.numDataIds() };
    const seen: number[][] = [];
    updateTableRows(table, Int32Array.from([2, 0]), (values, at) => {
      seen.push(Array.from(at, (o) => Array.from(values.subarray(o, o + 4))).flat());
      for (const o of at) for (let k = 0; k < 4; k++) values[o + k] *= -1;
    }, { inPlace });
    // rows 2 then 0 (width 4), negated; row 1 untouched
    expect(seen).toEqual([[8, 9, 10, 11, 0, 1, 2, 3]]);
    expect(Array.from(table.dataSync())).toEqual([-0, -1, -2, -3, 4, 5, 6, 7, -8, -9, -10, -11]);
    expect({ tensors: tf.memory().numTensors, dataIds: tf.engine().backend.numDataIds() }).toEqual(before);
    expect(() => updateTableRows(table, Int32Array.from([3]), () => {})).toThrow(/row 3 is not in \[0, 3\)/);
    table.dispose();
  });
});
