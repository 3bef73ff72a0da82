/**
 * Constraints: the sets that parameters and supports live in, as values and as types.
 *
 * Each constraint carries a literal type tag (`"real"`, `"positive"` …). The typed front end
 * reads a distribution's support tag to refuse, at compile time, a guide whose support differs
 * from the model's (a `Normal` guide for a `Gamma` latent).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/** The names of the built-in supports; each is also a type-level tag. */
export type SupportTag =
  | "real"
  | "positive"
  | "nonNegative"
  | "unitInterval"
  | "interval"
  | "boolean"
  | "nonNegativeInteger"
  | "simplex";

/**
 * A set of values, with an elementwise membership test.
 *
 * `eventRank` is the number of rightmost dimensions checked jointly (1 for the simplex).
 *
 * @example
 * ```ts
 * positive.check(tf.tensor([1, -1])); // [true, false]
 * ```
 */
export interface Constraint<T extends SupportTag = SupportTag> {
  /** The type tag, e.g. `"positive"`. */
  readonly tag: T;
  /** Human-readable description used in error messages, e.g. `"positive"` or `"in [0, 1]"`. */
  readonly description: string;
  /** Rightmost dimensions that form one element of the set. */
  readonly eventRank: number;
  /** Elementwise membership (boolean tensor with the event dimensions reduced). */
  check(value: tf.Tensor): tf.Tensor;
}

function elementwise<T extends SupportTag>(
  tag: T,
  description: string,
  check: (x: tf.Tensor) => tf.Tensor,
): Constraint<T> {
  return { tag, description, eventRank: 0, check: (x) => tf.tidy(() => check(x)) };
}

/**
 * All finite real numbers.
 *
 * @example
 * ```ts
 * real.check(tf.tensor([0, Infinity])); // [true, false]
 * ```
 */
export const real: Constraint<"real"> = elementwise("real", "a finite real number", (x) => tf.isFinite(x));

/**
 * Real numbers x > 0.
 *
 * @example
 * ```ts
 * positive.check(tf.tensor([2, 0])); // [true, false]
 * ```
 */
export const positive: Constraint<"positive"> = elementwise("positive", "positive", (x) =>
  tf.logicalAnd(tf.greater(x, 0), tf.logicalNot(tf.isInf(x))),
);

/**
 * Real numbers x ≥ 0.
 *
 * @example
 * ```ts
 * nonNegative.check(tf.tensor([0, -1])); // [true, false]
 * ```
 */
export const nonNegative: Constraint<"nonNegative"> = elementwise("nonNegative", "non-negative", (x) =>
  tf.logicalAnd(tf.greaterEqual(x, 0), tf.logicalNot(tf.isInf(x))),
);

/**
 * The closed unit interval [0, 1].
 *
 * @example
 * ```ts
 * unitInterval.check(tf.tensor([0.5, 1.5])); // [true, false]
 * ```
 */
export const unitInterval: Constraint<"unitInterval"> = elementwise("unitInterval", "in [0, 1]", (x) =>
  tf.logicalAnd(tf.greaterEqual(x, 0), tf.lessEqual(x, 1)),
);

/**
 * The two values {0, 1}.
 *
 * @example
 * ```ts
 * boolean.check(tf.tensor([0, 1, 2])); // [true, true, false]
 * ```
 */
export const boolean: Constraint<"boolean"> = elementwise("boolean", "0 or 1", (x) =>
  tf.logicalOr(tf.equal(x, 0), tf.equal(x, 1)),
);

/**
 * The integers 0, 1, 2, ….
 *
 * @example
 * ```ts
 * nonNegativeInteger.check(tf.tensor([3, 1.5])); // [true, false]
 * ```
 */
export const nonNegativeInteger: Constraint<"nonNegativeInteger"> = elementwise(
  "nonNegativeInteger",
  "a non-negative integer",
  (x) => tf.logicalAnd(tf.greaterEqual(x, 0), tf.equal(x, tf.round(x))),
);

/**
 * The closed interval [low, high].
 *
 * @example
 * ```ts
 * interval(-1, 1).check(tf.tensor([0, 2])); // [true, false]
 * ```
 */
export function interval(low: number, high: number): IntervalConstraint {
  if (!(low < high)) throw new RangeError(`interval: needs low < high, got [${low}, ${high}]`);
  const c = elementwise("interval", `in [${low}, ${high}]`, (x) =>
    tf.logicalAnd(tf.greaterEqual(x, low), tf.lessEqual(x, high)),
  );
  return { ...c, low, high };
}

/** The constraint returned by {@link interval}, carrying its bounds. */
export interface IntervalConstraint extends Constraint<"interval"> {
  /** Lower bound, included: values must be ≥ low. */
  readonly low: number;
  /** Upper bound, included: values must be ≤ high; low < high. */
  readonly high: number;
}

/**
 * Vectors with non-negative entries summing to 1 (checked to float32 tolerance 1e-5·size).
 *
 * @example
 * ```ts
 * simplex.check(tf.tensor([[0.2, 0.8]])); // [true]
 * ```
 */
export const simplex: Constraint<"simplex"> = {
  tag: "simplex",
  description: "on the simplex (non-negative, summing to 1)",
  eventRank: 1,
  check: (x) =>
    tf.tidy(() => {
      const n = x.shape[x.rank - 1] ?? 1;
      const sumsToOne = tf.lessEqual(tf.abs(tf.sub(tf.sum(x, -1), 1)), 1e-5 * n);
      return tf.logicalAnd(tf.all(tf.greaterEqual(x, 0), -1), sumsToOne);
    }),
};
