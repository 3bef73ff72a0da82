/**
 * A typed wrapper around `tf.customGrad` for ops with a hand-written gradient.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/** The forward pass of a custom op: the value, and the gradient of each input given `dy`. */
export type CustomOpBody = (
  inputs: tf.Tensor[],
  save: tf.GradSaveFunc,
) => {
  /** The op's output for `inputs`. */
  value: tf.Tensor;
  /** Given the upstream gradient `dy` and the tensors passed to `save`, the gradient of each input, in order. */
  gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[];
};

/**
 * Build an op from a forward pass and its gradient; the op takes its inputs as separate
 * arguments and returns one tensor.
 *
 * @example
 * ```ts
 * const square = customOp(([x], save) => {
 *   save([x!]);
 *   return { value: tf.square(x!), gradFunc: (dy, [s]) => [tf.mul(dy, tf.mul(2, s!))] };
 * });
 * ```
 */
export function customOp(body: CustomOpBody): (...inputs: tf.Tensor[]) => tf.Tensor {
  const op = tf.customGrad(((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    return body(args.slice(0, -1) as tf.Tensor[], save);
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op as unknown as (...inputs: tf.Tensor[]) => tf.Tensor;
}
