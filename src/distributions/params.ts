/**
 * Turning user arguments (numbers, arrays, tensors) into validated float32 parameter tensors.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import { type TensorLike, toTensor } from "../math/tensor-like.js";
import type { Constraint } from "./constraints.js";
import { checkParam } from "./validation.js";
import { ValidationError } from "../errors.js";

/**
 * Convert `value` to a float32 tensor and check it against `constraint` (when validation is
 * on), throwing `'<family>: '<name>' must be …, got … at [i]'` otherwise.
 *
 * @example
 * ```ts
 * const scale = param("Normal", "scale", 0.5, positive);
 * ```
 */
export function param(family: string, name: string, value: TensorLike, constraint: Constraint): tf.Tensor {
  if (value === undefined || value === null) {
    throw new ValidationError(family, `'${name}' is required, got ${String(value)}`);
  }
  const t = toTensor(value, `${family}: '${name}'`);
  checkParam(family, name, t, constraint);
  return t;
}
