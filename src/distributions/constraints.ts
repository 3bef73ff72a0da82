/**
 * Constraints: the sets that parameters and supports live in, as values and as types.
 *
 * Each constraint carries a literal type tag (`"real"`, `"positive"` …). The typed front end
 * reads a distribution's support tag to refuse, at compile time, a guide whose support differs
 * from the model's (a `Normal` guide for a `Gamma` latent).
 *
 * Vectors of reals ({@link realVector}, the support of `MultivariateNormal`) keep the tag
 * `"real"` with `eventRank` 1: the tag names the set each coordinate lives in, so a diagonal
 * `Normal(...).toEvent(1)` guide type-checks against a `MultivariateNormal` latent, as in Pyro,
 * where `independent(real, 1)` and `real_vector` are the same constraint.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { cholesky } from "../math/cholesky.js";

/** The names of the built-in supports; each is also a type-level tag. */
export type SupportTag =
  | "real"
  | "positive"
  | "nonNegative"
  | "unitInterval"
  | "interval"
  | "boolean"
  | "nonNegativeInteger"
  | "simplex"
  | "greaterThan"
  | "integerInterval"
  | "lowerCholesky"
  | "positiveDefinite";

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

/**
 * Real vectors with every entry finite: the support of `MultivariateNormal`.
 *
 * Its tag is `"real"` (each coordinate is real) and its `eventRank` is 1 (a whole vector is
 * one element); see the module notes.
 *
 * @example
 * ```ts
 * realVector.check(tf.tensor([[0, 1], [2, NaN]])); // [true, false]
 * ```
 */
export const realVector: Constraint<"real"> = {
  tag: "real",
  description: "a vector of finite real numbers",
  eventRank: 1,
  check: (x) => tf.tidy(() => tf.all(tf.logicalNot(tf.logicalOr(tf.isNaN(x), tf.isInf(x))), -1)),
};

/**
 * Real numbers x > low (open at low).
 *
 * In float32, low + a tiny positive number rounds to low; {@link biject} onto this set maps
 * x ≥ log(2⁻²⁴·|low|) + 1 strictly above low (see the transform's notes).
 *
 * @example
 * ```ts
 * greaterThan(1).check(tf.tensor([2, 1])); // [true, false]
 * ```
 */
export function greaterThan(low: number): GreaterThanConstraint {
  if (!Number.isFinite(low)) throw new RangeError(`greaterThan: low must be a finite number, got ${low}`);
  const c = elementwise("greaterThan", `greater than ${low}`, (x) =>
    tf.logicalAnd(tf.greater(x, low), tf.logicalNot(tf.isInf(x))),
  );
  return { ...c, low };
}

/** The constraint returned by {@link greaterThan}, carrying its bound. */
export interface GreaterThanConstraint extends Constraint<"greaterThan"> {
  /** Lower bound, excluded: values must be > low. */
  readonly low: number;
}

/**
 * The integers low, low + 1, …, high (both included).
 *
 * @example
 * ```ts
 * integerInterval(0, 3).check(tf.tensor([0, 3, 1.5, 4])); // [true, true, false, false]
 * ```
 */
export function integerInterval(low: number, high: number): IntegerIntervalConstraint {
  if (!Number.isInteger(low) || !Number.isInteger(high) || !(low <= high)) {
    throw new RangeError(`integerInterval: needs integers low ≤ high, got [${low}, ${high}]`);
  }
  const c = elementwise("integerInterval", `an integer in [${low}, ${high}]`, (x) =>
    tf.logicalAnd(tf.logicalAnd(tf.greaterEqual(x, low), tf.lessEqual(x, high)), tf.equal(x, tf.round(x))),
  );
  return { ...c, low, high };
}

/** The constraint returned by {@link integerInterval}, carrying its bounds. */
export interface IntegerIntervalConstraint extends Constraint<"integerInterval"> {
  /** Smallest value, included (an integer). */
  readonly low: number;
  /** Largest value, included (an integer ≥ low). */
  readonly high: number;
}

/** Masks of one n × n matrix: the strict upper triangle and the identity. */
function triangleMasks(n: number): { upper: tf.Tensor; eye: tf.Tensor } {
  const eye = tf.eye(n);
  return { upper: tf.sub(1, tf.linalg.bandPart(tf.ones([n, n]), -1, 0)), eye };
}

/**
 * Lower-triangular square matrices with a positive diagonal and finite entries: Cholesky
 * factors, such as `MultivariateNormal`'s `scaleTril`. Entries above the diagonal must be
 * exactly 0. `eventRank` 2.
 *
 * @example
 * ```ts
 * lowerCholesky.check(tf.tensor([[[1, 0], [2, 3]], [[1, 1], [0, 1]]])); // [true, false]
 * ```
 */
export const lowerCholesky: Constraint<"lowerCholesky"> = {
  tag: "lowerCholesky",
  description: "lower triangular with a positive diagonal",
  eventRank: 2,
  check: (x) =>
    tf.tidy(() => {
      const n = x.shape[x.rank - 1] ?? 0;
      if (x.rank < 2 || x.shape[x.rank - 2] !== n) return tf.zeros(x.shape.slice(0, Math.max(0, x.rank - 2)), "bool");
      const { upper, eye } = triangleMasks(n);
      const finite = tf.all(tf.logicalNot(tf.logicalOr(tf.isNaN(x), tf.isInf(x))), [-2, -1]);
      const zeroAbove = tf.all(tf.equal(tf.mul(x, upper), 0), [-2, -1]);
      const diag = tf.sum(tf.mul(x, eye), -1);
      return tf.logicalAnd(tf.logicalAnd(finite, zeroAbove), tf.all(tf.greater(diag, 0), -1));
    }),
};

/**
 * Symmetric positive-definite matrices: covariance and precision matrices. `eventRank` 2.
 *
 * Checked numerically: symmetric to |a_ij − a_ji| ≤ 1e-6·n·max|a| (float32 products such as
 * B Bᵀ may differ by an ulp across the diagonal) and a Cholesky factorization (float64, of the
 * lower triangle) succeeds with finite entries.
 *
 * @example
 * ```ts
 * positiveDefinite.check(tf.tensor([[[2, 1], [1, 2]], [[1, 2], [2, 1]]])); // [true, false]
 * ```
 */
export const positiveDefinite: Constraint<"positiveDefinite"> = {
  tag: "positiveDefinite",
  description: "a symmetric positive-definite matrix",
  eventRank: 2,
  check: (x) =>
    tf.tidy(() => {
      const n = x.shape[x.rank - 1] ?? 0;
      if (x.rank < 2 || x.shape[x.rank - 2] !== n || n === 0) return tf.zeros(x.shape.slice(0, Math.max(0, x.rank - 2)), "bool");
      const perm = x.shape.map((_, i) => i);
      perm[x.rank - 2] = x.rank - 1;
      perm[x.rank - 1] = x.rank - 2;
      const asym = tf.max(tf.abs(tf.sub(x, tf.transpose(x, perm))), [-2, -1]);
      const symmetric = tf.lessEqual(asym, tf.mul(tf.max(tf.abs(x), [-2, -1]), 1e-6 * n));
      const l = cholesky(x);
      const factored = tf.all(tf.logicalNot(tf.logicalOr(tf.isNaN(l), tf.isInf(l))), [-2, -1]);
      return tf.logicalAnd(symmetric, factored);
    }),
};
