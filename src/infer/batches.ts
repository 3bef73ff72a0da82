/**
 * Minibatches of a dataset given as model arguments whose tensors share a leading axis.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ShapeError, ValidationError } from "../errors.js";
import { formatShape } from "../math/shape.js";

/**
 * The number of examples in `data`: the common leading dimension of its tensor fields.
 *
 * @throws ShapeError when the tensors disagree (ragged data); ValidationError when there is
 * no tensor or no example
 * @example
 * ```ts
 * datasetSize("fit", { x: tf.zeros([9000, 784]) }); // 9000
 * ```
 */
export function datasetSize(where: string, data: object): number {
  let n: number | undefined;
  let first = "";
  for (const [key, value] of Object.entries(data)) {
    if (!(value instanceof tf.Tensor)) continue;
    if (value.rank === 0) throw new ShapeError(where, `data field '${key}' is a scalar; expected examples along axis 0`);
    const d = value.shape[0]!;
    if (n === undefined) {
      n = d;
      first = key;
    } else if (d !== n) {
      throw new ShapeError(
        where,
        `data fields disagree on the number of examples: '${first}' has ${n}, '${key}' has ${d} (shape ${formatShape(value.shape)})`,
      );
    }
  }
  if (n === undefined) throw new ValidationError(where, "data has no tensor field to batch over");
  if (n === 0) throw new ValidationError(where, "data is empty (0 examples)");
  return n;
}

/**
 * The batch of `data` at `indices` (tensor fields gathered along axis 0, others passed through).
 *
 * @example
 * ```ts
 * const batch = takeBatch({ x }, Int32Array.from([0, 5, 7])); // { x: [3, 784] }
 * ```
 */
export function takeBatch<A extends object>(data: A, indices: Int32Array): A {
  const idx = tf.tensor1d(indices, "int32");
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    out[key] = value instanceof tf.Tensor ? tf.gather(value, idx) : value;
  }
  idx.dispose();
  return out as A;
}

/**
 * The contiguous batch `[start, start + size)` of `data`.
 *
 * @example
 * ```ts
 * sliceBatch({ x }, 0, 128); // { x: [128, 784] }
 * ```
 */
export function sliceBatch<A extends object>(data: A, start: number, size: number): A {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    out[key] = value instanceof tf.Tensor ? tf.slice(value, [start], [size]) : value;
  }
  return out as A;
}

/**
 * Dispose the tensor fields of a batch made by {@link takeBatch} or {@link sliceBatch}.
 *
 * @example
 * ```ts
 * disposeBatch(batch);
 * ```
 */
export function disposeBatch(batch: object): void {
  for (const value of Object.values(batch)) if (value instanceof tf.Tensor) value.dispose();
}
