/**
 * Bijective transforms between the unconstrained reals and a constraint's set.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Constraint, IntervalConstraint } from "./constraints.js";
import { softplus } from "../math/special.js";

/**
 * An invertible map y = forward(x) with its log |det J|.
 *
 * @example
 * ```ts
 * const t = biject(positive);
 * t.inverse(t.forward(tf.scalar(-3))); // -3
 * ```
 */
export interface Transform {
  /** A short name for messages, e.g. `"softplus"`. */
  readonly name: string;
  /** Map an unconstrained value into the set. */
  forward(x: tf.Tensor): tf.Tensor;
  /** Map a value of the set back to the reals. */
  inverse(y: tf.Tensor): tf.Tensor;
  /** log |d forward / dx|, elementwise. */
  logAbsDetJacobian(x: tf.Tensor): tf.Tensor;
}

/**
 * The identity map on the reals.
 *
 * @example
 * ```ts
 * identityTransform.forward(x); // x
 * ```
 */
export const identityTransform: Transform = {
  name: "identity",
  forward: (x) => x,
  inverse: (y) => y,
  logAbsDetJacobian: (x) => tf.zerosLike(x),
};

/**
 * y = softplus(x) = log(1 + eˣ) onto the positive reals; x = y + log(−expm1(−y)).
 *
 * log |J| = log σ(x) = −softplus(−x). Gentler than exp for parameters that drift far.
 *
 * @example
 * ```ts
 * softplusTransform.forward(tf.scalar(0)); // log 2
 * ```
 */
export const softplusTransform: Transform = {
  name: "softplus",
  forward: (x) => softplus(x),
  inverse: (y) => tf.tidy(() => tf.add(y, tf.log(tf.neg(tf.expm1(tf.neg(y)))))),
  logAbsDetJacobian: (x) => tf.tidy(() => tf.neg(softplus(tf.neg(x)))),
};

/**
 * y = low + (high − low) σ(x) onto the interval (low, high).
 *
 * @example
 * ```ts
 * sigmoidTransform(0, 1).forward(tf.scalar(0)); // 0.5
 * ```
 */
export function sigmoidTransform(low: number, high: number): Transform {
  const width = high - low;
  return {
    name: "sigmoid",
    forward: (x) => tf.tidy(() => tf.add(low, tf.mul(width, tf.sigmoid(x)))),
    inverse: (y) =>
      tf.tidy(() => {
        const u = tf.div(tf.sub(y, low), width);
        return tf.sub(tf.log(u), tf.log1p(tf.neg(u)));
      }),
    logAbsDetJacobian: (x) =>
      tf.tidy(() => tf.add(Math.log(width), tf.neg(tf.add(softplus(x), softplus(tf.neg(x)))))),
  };
}

/**
 * The transform that maps all of ℝⁿ onto a constraint's set (Pyro's `biject_to`).
 *
 * Supported: real (identity), positive (softplus), unitInterval and interval(a, b) (scaled
 * sigmoid).
 *
 * @throws Error naming the constraint when no transform is known
 * @example
 * ```ts
 * const t = biject(positive);
 * t.forward(tf.tensor([-10, 0, 10])); // all positive
 * ```
 */
export function biject(constraint: Constraint): Transform {
  switch (constraint.tag) {
    case "real":
      return identityTransform;
    case "positive":
      return softplusTransform;
    case "unitInterval":
      return sigmoidTransform(0, 1);
    case "interval":
      if ("low" in constraint && "high" in constraint) {
        const c = constraint as IntervalConstraint;
        return sigmoidTransform(c.low, c.high);
      }
      break;
    default:
      break;
  }
  throw new Error(`biject: no transform from the reals onto ${constraint.description} (${constraint.tag})`);
}
