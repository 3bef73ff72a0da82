/**
 * Conversion of numbers, nested arrays and tensors to float32 tensors.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/** A number, a (nested) array of numbers, a typed array, or a tensor. */
export type TensorLike = number | number[] | number[][] | number[][][] | Float32Array | tf.Tensor;

/**
 * Turn a {@link TensorLike} into a float32 tensor; tensors pass through (cast when not float32).
 *
 * @example
 * ```ts
 * toTensor(0.5);           // scalar
 * toTensor([[1, 2], [3, 4]]); // shape [2, 2]
 * ```
 */
export function toTensor(x: TensorLike): tf.Tensor {
  if (x instanceof tf.Tensor) return x.dtype === "float32" ? x : tf.cast(x, "float32");
  if (typeof x === "number") return tf.scalar(x, "float32");
  return tf.tensor(x as number[], undefined, "float32");
}

/**
 * Whether a value is a tfjs tensor.
 *
 * @example
 * ```ts
 * isTensor(tf.scalar(1)); // true
 * ```
 */
export function isTensor(x: unknown): x is tf.Tensor {
  return x instanceof tf.Tensor;
}
