/**
 * Uniform noise for inverse-CDF samplers, resolved finely at both ends of (0, 1).
 *
 * tfjs's `randomUniform` draws multiples of 2⁻³² in [0, 1) and rounds them to float32: 0 can occur,
 * values next to 1 round to exactly 1, and just below 1 the grid is 2⁻²⁴ wide. An inverse CDF
 * F⁻¹(u) then returns ±∞ (log 0) or a coarse upper tail. Here u is represented by its distance w to
 * the nearer end and a side bit, u = w on the lower side and u = 1 − w on the upper one, with
 * w ∈ [2⁻³⁴, ½] on a grid of 2⁻³³ near 0: both tails of F⁻¹ keep full float32 resolution, and no
 * draw is 0 or 1.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { RandomStream, seedValue, type Seed } from "./rng.js";

/** A uniform draw u ∈ (0, 1) as `w = min(u, 1 − u)` and `upper = (u > ½)`. */
export interface TwoSidedUniform {
  /** Distance to the nearer end of (0, 1), in [2⁻³⁴, ½]. */
  readonly w: tf.Tensor;
  /** Boolean: true where u = 1 − w (the upper half), false where u = w. */
  readonly upper: tf.Tensor;
}

/**
 * Draw u ~ Uniform(0, 1) of the given shape as {@link TwoSidedUniform} (two tfjs draws, seeded by one
 * seed taken from `seed`). Call inside `tf.tidy`.
 *
 * @example
 * ```ts
 * const { w, upper } = twoSidedUniform([3], 7);
 * // a Cauchy draw: sign(u − ½)·cot(πw)
 * ```
 */
export function twoSidedUniform(shape: number[], seed?: Seed): TwoSidedUniform {
  const stream = new RandomStream(seedValue(seed));
  // min + (1 − min)·r with r a multiple of 2⁻³² in [0, 1): never 0; at most 1 after rounding.
  const w = tf.mul(tf.randomUniform(shape, 2 ** -33, 1, "float32", stream.nextSeed()), 0.5);
  // The side bit: int32 draws round 2r to 0, 1 or 2, and 1 occurs exactly when r ∈ [¼, ¾), probability
  // exactly ½ (a float32 test r < ½ would be biased by the rounding of r just below ½ up to ½).
  const upper = tf.equal(tf.randomUniform(shape, 0, 2, "int32", stream.nextSeed()), 1);
  return { w, upper };
}

/**
 * cot(πw) for w ∈ (0, ½], to a few ulps relative: 1/tan(πw) for w < ¼ and tan(π(½ − w)) for w ≥ ¼
 * (½ − w is exact there), so neither the pole at 0 nor the zero at ½ loses accuracy.
 *
 * @example
 * ```ts
 * cotPi(tf.tensor([0.25, 0.5])); // [1, 0]
 * ```
 */
export function cotPi(w: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const near = tf.reciprocal(tf.tan(tf.mul(w, Math.PI)));
    const far = tf.tan(tf.mul(tf.sub(0.5, w), Math.PI));
    return tf.where(tf.less(w, 0.25), near, far);
  });
}
