/**
 * Conversion of numbers, nested arrays and tensors to float32 tensors.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ValidationError } from "../errors.js";

/** A number, a (nested) array of numbers, a typed array, or a tensor. */
export type TensorLike = number | number[] | number[][] | number[][][] | Float32Array | tf.Tensor;

/**
 * Turn a {@link TensorLike} into a float32 tensor; tensors pass through (cast when not float32).
 * Anything else (strings, objects, ragged or non-numeric arrays, disposed or string tensors)
 * throws a `ValidationError` naming `where`.
 *
 * @example
 * ```ts
 * toTensor(0.5);           // scalar
 * toTensor([[1, 2], [3, 4]]); // shape [2, 2]
 * ```
 */
export function toTensor(x: TensorLike, where = "toTensor"): tf.Tensor {
  if (x instanceof tf.Tensor) {
    if (x.isDisposed) throw new ValidationError(where, "expected a live tensor, got a disposed one");
    if (x.dtype === "string" || x.dtype === "complex64") {
      throw new ValidationError(where, `expected a numeric tensor, got dtype ${x.dtype}`);
    }
    return x.dtype === "float32" ? x : tf.cast(x, "float32");
  }
  if (typeof x === "number") return tf.scalar(x, "float32");
  if (x instanceof Float32Array) return tf.tensor(x, undefined, "float32");
  if (Array.isArray(x)) {
    checkRectangular(where, x, []);
    return tf.tensor(x as number[], undefined, "float32");
  }
  throw new ValidationError(where, `expected a number, an array of numbers or a tensor, got ${describeValue(x)}`);
}

function describeValue(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === "object") return (x as object).constructor?.name ?? "an object";
  return `${typeof x} ${JSON.stringify(x)}`;
}

// Nested arrays must be rectangular and hold numbers only (tfjs would otherwise fail deep
// inside, or turn booleans into numbers silently).
function checkRectangular(where: string, x: unknown[], at: number[]): void {
  const first = x[0];
  const nested = Array.isArray(first);
  x.forEach((v, i) => {
    if (Array.isArray(v) !== nested) {
      throw new ValidationError(where, `ragged array: element [${[...at, i].join(",")}] is ${Array.isArray(v) ? "an array" : "a number"} but its siblings are not`);
    }
    if (nested) {
      if ((v as unknown[]).length !== (first as unknown[]).length) {
        throw new ValidationError(
          where,
          `ragged array: element [${[...at, i].join(",")}] has length ${(v as unknown[]).length}, element [${[...at, 0].join(",")}] has ${(first as unknown[]).length}`,
        );
      }
      checkRectangular(where, v as unknown[], [...at, i]);
    } else if (typeof v !== "number") {
      throw new ValidationError(where, `expected numbers, got ${describeValue(v)} at [${[...at, i].join(",")}]`);
    }
  });
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
