/**
 * A typed `tf.tidy` for functions that return objects holding tensors.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/**
 * Run `fn` in a `tf.tidy` scope, keeping the tensors inside its (possibly nested) result and
 * freeing every other tensor it made.
 *
 * @example
 * ```ts
 * const { values } = tidyObject(() => ({ values: { z: tf.ones([2]) } }));
 * ```
 */
export function tidyObject<T>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}
