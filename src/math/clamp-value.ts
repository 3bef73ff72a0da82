/**
 * A clamp of a draw's value onto the float32-representable part of an open support, with the gradient
 * of the unclamped draw.
 *
 * Pathwise draws such as a Weibull's λ·E^{1/k} or a Kumaraswamy's (1 − W^{1/b})^{1/a} can round to an
 * endpoint of the support (0 or 1) that the distribution never takes, where log-densities are ±∞. The
 * value is moved to the nearest representable interior point (2⁻¹²⁶ or 1 − 2⁻²⁴); the gradient is passed
 * through unchanged (the derivative of the exact draw, which is what the rounding hid), so the clamp never
 * zeroes a gradient the way `clipByValue` would.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp } from "./custom-op.js";

/**
 * `x` clamped to [lo, hi] in value, with gradient dy (straight through) to `x`.
 *
 * @param x - the draw
 * @param lo - the smallest value returned
 * @param hi - the largest value returned
 * @example
 * ```ts
 * clampValue(tf.tensor([0, 0.5, 1]), 2 ** -126, 1 - 2 ** -24); // [2⁻¹²⁶, 0.5, 1 − 2⁻²⁴], gradient 1 everywhere
 * ```
 * @internal
 */
export function clampValue(x: tf.Tensor, lo: number, hi: number): tf.Tensor {
  return customOp(([v]) => ({
    value: tf.clipByValue(v!, lo, hi),
    gradFunc: (dy) => [dy],
  }))(x);
}
