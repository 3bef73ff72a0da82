/**
 * Bijective transforms between the unconstrained reals and a constraint's set.
 *
 * A transform maps a value x to y = forward(x) and reports log |det ∂y/∂x|. Elementwise
 * transforms (exp, softplus, sigmoid, affine) act on each number; the others act on whole
 * vectors or matrices — their `domainEventRank` and `codomainEventRank` say how many rightmost
 * dimensions form one input and one output (stick-breaking: vector → vector of one more entry;
 * lowerCholesky: vector → matrix).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors.js";
import { cholesky } from "../math/cholesky.js";
import { broadcastShapes, formatShape } from "../math/shape.js";
import { softplus, sumRightmost } from "../math/special.js";
import { type TensorLike, toTensor } from "../math/tensor-like.js";
import {
  type Constraint,
  type GreaterThanConstraint,
  type IntervalConstraint,
  interval,
  lowerCholesky,
  positive,
  positiveDefinite,
  real,
  realVector,
  simplex,
  type SupportTag,
  unitInterval,
} from "./constraints.js";

/**
 * An invertible map y = forward(x) with its log |det J|.
 *
 * Only `name`, `forward`, `inverse` and `logAbsDetJacobian` are required; the optional fields
 * describe vector- and matrix-valued transforms and default to an elementwise, shape-preserving
 * map onto the reals.
 *
 * @typeParam S - the tag of the set the transform maps onto (its `codomain`)
 * @example
 * ```ts
 * const t = biject(positive);
 * t.inverse(t.forward(tf.scalar(-3))); // -3
 * ```
 */
export interface Transform<S extends SupportTag = SupportTag> {
  /** A short name for messages, e.g. `"softplus"`. */
  readonly name: string;
  /** Map an unconstrained value into the set. */
  forward(x: tf.Tensor): tf.Tensor;
  /** Map a value of the set back to the reals. */
  inverse(y: tf.Tensor): tf.Tensor;
  /**
   * log |det ∂forward/∂x| at x: elementwise (the shape of x, or its broadcast with the
   * transform's parameters) when `domainEventRank` is 0, otherwise with the rightmost
   * `domainEventRank` dimensions reduced.
   */
  logAbsDetJacobian(x: tf.Tensor): tf.Tensor;
  /** Rightmost dimensions of x that form one input (default 0: elementwise). */
  readonly domainEventRank?: number;
  /** Rightmost dimensions of y that form one output (default: `domainEventRank`). */
  readonly codomainEventRank?: number;
  /** The set forward maps onto (default: all reals). */
  readonly codomain?: Constraint<S>;
  /** The shape of forward(x) for x of shape `shape` (default: unchanged). */
  forwardShape?(shape: number[]): number[];
  /** The shape of inverse(y) for y of shape `shape` (default: unchanged). */
  inverseShape?(shape: number[]): number[];
  /** Whether `other` is the same map (default: the same object). */
  equals?(other: Transform): boolean;
}

// What the `equals` of parameterized transforms compare: numeric bounds (sigmoid, greaterThan),
// affine parameters (the same tensor object or the same number), and the parts of composites.
const bounds = new WeakMap<Transform, readonly number[]>();
const affineParams = new WeakMap<Transform, { params: [TensorLike, TensorLike]; eventRank: number }>();
const composed = new WeakMap<Transform, readonly Transform[]>();

/**
 * The input event rank of a transform (its `domainEventRank`, default 0).
 *
 * @example
 * ```ts
 * domainEventRank(stickBreakingTransform); // 1
 * ```
 */
export function domainEventRank(t: Transform): number {
  return t.domainEventRank ?? 0;
}

/**
 * The output event rank of a transform (its `codomainEventRank`, default its domain rank).
 *
 * @example
 * ```ts
 * codomainEventRank(lowerCholeskyTransform); // 2
 * ```
 */
export function codomainEventRank(t: Transform): number {
  return t.codomainEventRank ?? domainEventRank(t);
}

/**
 * The shape of `t.forward(x)` for x of shape `shape`.
 *
 * @example
 * ```ts
 * transformForwardShape(stickBreakingTransform, [5, 3]); // [5, 4]
 * ```
 */
export function transformForwardShape(t: Transform, shape: number[]): number[] {
  return t.forwardShape ? t.forwardShape(shape) : [...shape];
}

/**
 * The shape of `t.inverse(y)` for y of shape `shape`.
 *
 * @example
 * ```ts
 * transformInverseShape(lowerCholeskyTransform, [3, 3]); // [6]
 * ```
 */
export function transformInverseShape(t: Transform, shape: number[]): number[] {
  return t.inverseShape ? t.inverseShape(shape) : [...shape];
}

/**
 * Whether two transforms are the same map: the same object, or equal by their `equals`.
 *
 * @example
 * ```ts
 * sameTransform(sigmoidTransform(0, 2), sigmoidTransform(0, 2)); // true
 * ```
 */
export function sameTransform(a: Transform, b: Transform): boolean {
  return a === b || (a.equals?.(b) ?? false);
}

/**
 * The identity map on the reals.
 *
 * @example
 * ```ts
 * identityTransform.forward(x); // x
 * ```
 */
export const identityTransform: Transform<"real"> = {
  name: "identity",
  forward: (x) => x,
  inverse: (y) => y,
  logAbsDetJacobian: (x) => tf.zerosLike(x),
  codomain: real,
};

/** x + log(−expm1(−x)): the inverse of softplus, exact for small and large x. */
function softplusInverse(y: tf.Tensor): tf.Tensor {
  return tf.add(y, tf.log(tf.neg(tf.expm1(tf.neg(y)))));
}

/**
 * y = softplus(x) = log(1 + eˣ) onto the positive reals; x = y + log(−expm1(−y)).
 *
 * log |J| = log σ(x) = −softplus(−x). Gentler than exp for parameters that drift far.
 * In float32, softplus(x) underflows to 0 for x < −103 (below the smallest subnormal).
 *
 * @example
 * ```ts
 * softplusTransform.forward(tf.scalar(0)); // log 2
 * ```
 */
export const softplusTransform: Transform<"positive"> = {
  name: "softplus",
  forward: (x) => softplus(x),
  inverse: (y) => tf.tidy(() => softplusInverse(y)),
  logAbsDetJacobian: (x) => tf.tidy(() => tf.neg(softplus(tf.neg(x)))),
  codomain: positive,
};

/**
 * y = eˣ onto the positive reals; x = log y, log |J| = x.
 *
 * In float32, eˣ overflows to ∞ for x > 88.7 and underflows to 0 for x < −103.
 *
 * @example
 * ```ts
 * expTransform.forward(tf.scalar(1)); // e
 * ```
 */
export const expTransform: Transform<"positive"> = {
  name: "exp",
  forward: (x) => tf.exp(x),
  inverse: (y) => tf.log(y),
  logAbsDetJacobian: (x) => tf.clone(x),
  codomain: positive,
};

/**
 * y = low + (high − low) σ(x) onto the interval (low, high).
 *
 * Inverse x = log(y − low) − log(high − y) (both differences are exact near their bound);
 * log |J| = log(high − low) − softplus(x) − softplus(−x).
 *
 * @example
 * ```ts
 * sigmoidTransform(0, 1).forward(tf.scalar(0)); // 0.5
 * ```
 */
export function sigmoidTransform(low: number, high: number): Transform<"interval" | "unitInterval"> {
  const width = high - low;
  const codomain: Constraint<"interval" | "unitInterval"> = low === 0 && high === 1 ? unitInterval : interval(low, high);
  const t: Transform<"interval" | "unitInterval"> = {
    name: "sigmoid",
    forward: (x) => tf.tidy(() => tf.add(low, tf.mul(width, tf.sigmoid(x)))),
    inverse: (y) => tf.tidy(() => tf.sub(tf.log(tf.sub(y, low)), tf.log(tf.sub(high, y)))),
    logAbsDetJacobian: (x) =>
      tf.tidy(() => tf.add(Math.log(width), tf.neg(tf.add(softplus(x), softplus(tf.neg(x)))))),
    codomain,
    equals: (o) => o.name === "sigmoid" && bounds.get(o)?.[0] === low && bounds.get(o)?.[1] === high,
  };
  bounds.set(t, [low, high]);
  return t;
}

/**
 * y = low + softplus(x) onto (low, ∞); the transform of `biject(greaterThan(low))`.
 *
 * In float32 the image rounds to low itself when softplus(x) < ½ ulp(low), i.e. for
 * x < log(2⁻²⁴·|low|); above that it is strictly greater than low.
 */
function greaterThanTransform(c: GreaterThanConstraint): Transform<"greaterThan"> {
  const low = c.low;
  const t: Transform<"greaterThan"> = {
    name: "greaterThan",
    forward: (x) => tf.tidy(() => tf.add(low, softplus(x))),
    inverse: (y) => tf.tidy(() => softplusInverse(tf.sub(y, low))),
    logAbsDetJacobian: (x) => tf.tidy(() => tf.neg(softplus(tf.neg(x)))),
    codomain: c,
    equals: (o) => o.name === "greaterThan" && bounds.get(o)?.[0] === low,
  };
  bounds.set(t, [low]);
  return t;
}

/**
 * y = loc + scale · x, elementwise with broadcasting; x = (y − loc) / scale.
 *
 * log |J| = log |scale|, broadcast to the shape of x (summed over the rightmost `eventRank`
 * dimensions when `eventRank` > 0). `scale` must be non-zero.
 *
 * @param loc - shift (number, array or tensor)
 * @param scale - non-zero factor (number, array or tensor)
 * @param eventRank - rightmost dimensions treated as one event (default 0)
 * @example
 * ```ts
 * affineTransform(1, 2).forward(tf.scalar(3)); // 7
 * ```
 */
export function affineTransform(loc: TensorLike, scale: TensorLike, eventRank = 0): Transform<"real"> {
  if (!Number.isInteger(eventRank) || eventRank < 0) {
    throw new RangeError(`affineTransform: eventRank must be a non-negative integer, got ${eventRank}`);
  }
  const l = toTensor(loc);
  const s = toTensor(scale);
  const t: Transform<"real"> = {
    name: "affine",
    forward: (x) => tf.tidy(() => tf.add(l, tf.mul(s, x))),
    inverse: (y) => tf.tidy(() => tf.div(tf.sub(y, l), s)),
    logAbsDetJacobian: (x) =>
      tf.tidy(() => {
        const shape = broadcastShapes("affineTransform", x.shape, l.shape, s.shape);
        return sumRightmost(tf.broadcastTo(tf.log(tf.abs(s)), shape), eventRank);
      }),
    domainEventRank: eventRank,
    codomain: eventRank === 0 ? real : realVector,
    equals: (o) => {
      const p = affineParams.get(o);
      // the same tensor (or array) object, or the same plain number
      return p !== undefined && p.eventRank === eventRank && p.params[0] === loc && p.params[1] === scale;
    },
  };
  affineParams.set(t, { params: [loc, scale], eventRank });
  return t;
}

/**
 * Stick-breaking: ℝ^(K−1) → the simplex in ℝ^K (Stan's and Pyro's construction).
 *
 * With u_k = x_k − log(K − 1 − k) (k = 0 … K − 2; the offset maps x = 0 to the uniform vector)
 * and z_k = σ(u_k): y_k = z_k Π_{j<k} (1 − z_j), y_{K−1} = Π_j (1 − z_j). Computed in logs,
 * log y_k = log σ(u_k) + Σ_{j<k} log σ(−u_j), so no entry underflows early. Inverse:
 * x_k = log y_k − log Σ_{j>k} y_j + log(K − 1 − k). log |J| (of x ↦ y_{0…K−2}) =
 * Σ_k [log σ(u_k) + log σ(−u_k) + Σ_{j<k} log σ(−u_j)].
 *
 * @example
 * ```ts
 * stickBreakingTransform.forward(tf.zeros([2])); // [1/3, 1/3, 1/3]
 * ```
 */
export const stickBreakingTransform: Transform<"simplex"> = {
  name: "stickBreaking",
  domainEventRank: 1,
  codomainEventRank: 1,
  codomain: simplex,
  forwardShape: (shape) => {
    if (shape.length === 0) throw new ShapeError("stickBreakingTransform", "needs a vector input, got a scalar");
    return [...shape.slice(0, -1), shape[shape.length - 1]! + 1];
  },
  inverseShape: (shape) => {
    if (shape.length === 0 || shape[shape.length - 1]! < 1) {
      throw new ShapeError("stickBreakingTransform", `needs a vector of length ≥ 1, got shape ${formatShape(shape)}`);
    }
    return [...shape.slice(0, -1), shape[shape.length - 1]! - 1];
  },
  forward: (x) =>
    tf.tidy(() => {
      const { logZ, cum, total } = stickParts(x);
      return tf.exp(tf.concat([tf.add(logZ, cum), total], -1));
    }),
  inverse: (y) =>
    tf.tidy(() => {
      const k = y.shape[y.rank - 1]!;
      const m = k - 1;
      const tail = tf.cumsum(y, y.rank - 1, true, true);
      const head = (t: tf.Tensor) => tf.slice(t, new Array<number>(y.rank).fill(0), [...y.shape.slice(0, -1), m]);
      return tf.add(tf.sub(tf.log(head(y)), tf.log(head(tail))), stickOffsets(m));
    }),
  logAbsDetJacobian: (x) =>
    tf.tidy(() => {
      const { logZ, log1mZ, cum } = stickParts(x);
      return tf.sum(tf.add(tf.add(logZ, log1mZ), cum), -1);
    }),
};

/** log(K − 1 − k) for k = 0 … m − 1, m = K − 1. */
function stickOffsets(m: number): tf.Tensor {
  return tf.tensor1d(Array.from({ length: m }, (_, k) => Math.log(m - k)));
}

function stickParts(x: tf.Tensor): { logZ: tf.Tensor; log1mZ: tf.Tensor; cum: tf.Tensor; total: tf.Tensor } {
  if (x.rank === 0) throw new ShapeError("stickBreakingTransform", "needs a vector input, got a scalar");
  const m = x.shape[x.rank - 1]!;
  const u = tf.sub(x, stickOffsets(m));
  const logZ = tf.neg(softplus(tf.neg(u))); // log σ(u)
  const log1mZ = tf.neg(softplus(u)); // log σ(−u) = log(1 − σ(u))
  const cum = tf.cumsum(log1mZ, x.rank - 1, true);
  const total = tf.sum(log1mZ, -1, true);
  return { logZ, log1mZ, cum, total };
}

/** n with n(n + 1)/2 = m, or a ShapeError. */
function sideOf(m: number): number {
  const n = Math.round((Math.sqrt(8 * m + 1) - 1) / 2);
  if ((n * (n + 1)) / 2 !== m || n < 1) {
    throw new ShapeError("lowerCholeskyTransform", `a vector of n(n + 1)/2 entries is needed, got length ${m}`);
  }
  return n;
}

/** Flat n × n positions of the lower triangle, row by row, and of the diagonal within that list. */
function lowerPositions(n: number): { flat: number[]; diag: number[] } {
  const flat: number[] = [];
  const diag: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      if (i === j) diag.push(flat.length);
      flat.push(i * n + j);
    }
  }
  return { flat, diag };
}

/**
 * ℝ^(n(n+1)/2) → lower-triangular n × n matrices with a positive diagonal (Cholesky factors).
 *
 * The vector fills the lower triangle row by row — (0,0), (1,0), (1,1), (2,0), … — with
 * softplus applied on the diagonal (as {@link softplusTransform} does for positive numbers).
 * log |J| = Σ_i log σ(x_ii) over the diagonal entries. Inverse: read the lower triangle back,
 * with the inverse softplus on the diagonal.
 *
 * @example
 * ```ts
 * lowerCholeskyTransform.forward(tf.tensor([0, 1, 0])); // [[log 2, 0], [1, log 2]]
 * ```
 */
export const lowerCholeskyTransform: Transform<"lowerCholesky"> = {
  name: "lowerCholesky",
  domainEventRank: 1,
  codomainEventRank: 2,
  codomain: lowerCholesky,
  forwardShape: (shape) => {
    if (shape.length === 0) throw new ShapeError("lowerCholeskyTransform", "needs a vector input, got a scalar");
    const n = sideOf(shape[shape.length - 1]!);
    return [...shape.slice(0, -1), n, n];
  },
  inverseShape: (shape) => {
    const n = shape[shape.length - 1]!;
    if (shape.length < 2 || shape[shape.length - 2] !== n) {
      throw new ShapeError("lowerCholeskyTransform", `needs square matrices, got shape ${formatShape(shape)}`);
    }
    return [...shape.slice(0, -2), (n * (n + 1)) / 2];
  },
  forward: (x) =>
    tf.tidy(() => {
      if (x.rank === 0) throw new ShapeError("lowerCholeskyTransform", "needs a vector input, got a scalar");
      const m = x.shape[x.rank - 1]!;
      const n = sideOf(m);
      const { flat, diag } = lowerPositions(n);
      // index m points at an appended 0 for the upper triangle
      const where = new Array<number>(n * n).fill(m);
      flat.forEach((p, k) => (where[p] = k));
      const padded = tf.concat([x, tf.zeros([...x.shape.slice(0, -1), 1])], -1);
      const full = tf.reshape(tf.gather(padded, tf.tensor1d(where, "int32"), x.rank - 1), [...x.shape.slice(0, -1), n, n]);
      const d = tf.gather(x, tf.tensor1d(diag, "int32"), x.rank - 1);
      const eye = tf.eye(n);
      return tf.add(tf.mul(full, tf.sub(1, eye)), tf.mul(eye, tf.expandDims(softplus(d), -1)));
    }),
  inverse: (y) =>
    tf.tidy(() => {
      const n = y.shape[y.rank - 1]!;
      const { flat } = lowerPositions(n);
      const eye = tf.eye(n);
      const d = tf.sum(tf.mul(y, eye), -1);
      const raw = tf.add(tf.mul(y, tf.sub(1, eye)), tf.mul(eye, tf.expandDims(softplusInverse(d), -1)));
      const flatY = tf.reshape(raw, [...y.shape.slice(0, -2), n * n]);
      return tf.gather(flatY, tf.tensor1d(flat, "int32"), flatY.rank - 1);
    }),
  logAbsDetJacobian: (x) =>
    tf.tidy(() => {
      const n = sideOf(x.shape[x.rank - 1]!);
      const d = tf.gather(x, tf.tensor1d(lowerPositions(n).diag, "int32"), x.rank - 1);
      return tf.neg(tf.sum(softplus(tf.neg(d)), -1));
    }),
};

/**
 * L ↦ L Lᵀ: lower-triangular matrices with a positive diagonal → symmetric positive-definite
 * matrices; inverse: the Cholesky factor.
 *
 * The product is symmetrized, ½ (P + Pᵀ), so the image is exactly symmetric in float32.
 * log |J| of the map from the n(n+1)/2 entries of L to those of the lower triangle of L Lᵀ:
 * n log 2 + Σ_i (n − i) log L_ii (i = 0 … n − 1).
 *
 * @example
 * ```ts
 * choleskyOuterTransform.forward(tf.tensor2d([[2, 0], [1, 1]])); // [[4, 2], [2, 2]]
 * ```
 */
export const choleskyOuterTransform: Transform<"positiveDefinite"> = {
  name: "choleskyOuter",
  domainEventRank: 2,
  codomainEventRank: 2,
  codomain: positiveDefinite,
  forward: (x) =>
    tf.tidy(() => {
      const p = tf.matMul(x, x, false, true);
      return tf.mul(0.5, tf.add(p, swapLast(p)));
    }),
  inverse: (y) => cholesky(y),
  logAbsDetJacobian: (x) =>
    tf.tidy(() => {
      const n = x.shape[x.rank - 1]!;
      const d = tf.sum(tf.mul(x, tf.eye(n)), -1);
      const powers = tf.tensor1d(Array.from({ length: n }, (_, i) => n - i));
      return tf.add(n * Math.LN2, tf.sum(tf.mul(powers, tf.log(d)), -1));
    }),
};

/** Swap the last two axes. */
function swapLast(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return tf.transpose(x, perm);
}

/**
 * The composition: `parts[0]` first, then `parts[1]`, …; log |J| is the sum of the parts',
 * each summed over the event dimensions it leaves unreduced.
 *
 * The composite's domain event rank is the smallest input rank every part can work on; its
 * codomain is the last part's. An empty list is the identity.
 *
 * @param parts - the transforms, in the order they are applied
 * @example
 * ```ts
 * const t = composeTransform([lowerCholeskyTransform, choleskyOuterTransform]); // ℝ⁶ → 3×3 SPD
 * ```
 */
export function composeTransform<S extends SupportTag = SupportTag>(
  parts: readonly [...Transform[], Transform<S>] | readonly [],
): Transform<S> {
  const list: readonly Transform[] = parts;
  if (list.length === 0) return identityTransform as unknown as Transform<S>;
  if (list.length === 1) return list[0] as Transform<S>;
  // First the composite's input event rank d: the least rank at which every part gets at least
  // its own domain rank. Then each part's input event rank, starting from d.
  let r = 0;
  let d = 0;
  for (const t of list) {
    const dom = domainEventRank(t);
    if (r < dom) {
      d += dom - r;
      r = dom;
    }
    r = r - dom + codomainEventRank(t);
  }
  const inputRanks: number[] = [];
  r = d;
  for (const t of list) {
    inputRanks.push(r);
    r = r - domainEventRank(t) + codomainEventRank(t);
  }
  const last = list[list.length - 1]!;
  const t: Transform<S> = {
    name: `compose(${list.map((t) => t.name).join(", ")})`,
    domainEventRank: d,
    codomainEventRank: r,
    ...(last.codomain ? { codomain: last.codomain as Constraint<S> } : {}),
    forward: (x) => tf.tidy(() => list.reduce((v, t) => t.forward(v), x)),
    inverse: (y) => tf.tidy(() => list.reduceRight((v, t) => t.inverse(v), y)),
    logAbsDetJacobian: (x) =>
      tf.tidy(() => {
        let v = x;
        let total: tf.Tensor | undefined;
        list.forEach((t, i) => {
          const ld = sumRightmost(t.logAbsDetJacobian(v), inputRanks[i]! - domainEventRank(t));
          total = total === undefined ? ld : tf.add(total, ld);
          v = t.forward(v);
        });
        return total!;
      }),
    forwardShape: (shape) => list.reduce((s, t) => transformForwardShape(t, s), shape),
    inverseShape: (shape) => list.reduceRight((s, t) => transformInverseShape(t, s), shape),
    equals: (o) => {
      const other = composed.get(o);
      return other !== undefined && other.length === list.length && other.every((p, i) => sameTransform(p, list[i]!));
    },
  };
  composed.set(t, list);
  return t;
}

/**
 * ℝ^(n(n+1)/2) → symmetric positive-definite n × n matrices: {@link lowerCholeskyTransform}
 * then {@link choleskyOuterTransform}; the transform of `biject(positiveDefinite)`.
 *
 * @example
 * ```ts
 * positiveDefiniteTransform.forward(tf.tensor([0, 1, 0])); // L Lᵀ, L = [[log 2, 0], [1, log 2]]
 * ```
 */
export const positiveDefiniteTransform: Transform<"positiveDefinite"> = composeTransform([
  lowerCholeskyTransform,
  choleskyOuterTransform,
]);

/**
 * The transform that maps all of ℝⁿ onto a constraint's set (Pyro's `biject_to`).
 *
 * Supported: real and realVector (identity), positive (softplus), greaterThan(low)
 * (low + softplus), unitInterval and interval(a, b) (scaled sigmoid), simplex
 * (stick-breaking, ℝ^(K−1) → K entries), lowerCholesky (ℝ^(n(n+1)/2) → n × n factors) and
 * positiveDefinite (lowerCholesky, then L ↦ L Lᵀ).
 *
 * Float32 limits: images that should lie strictly inside an open set can round onto its
 * boundary for extreme inputs (softplus(x) underflows to 0 for x < −103; low + softplus(x)
 * rounds to low for x < log(2⁻²⁴·|low|)); and L Lᵀ is numerically singular in float32 when
 * κ(L)² ≳ 1/(n·2⁻²⁴): when the diagonal of L spans more than about 2¹² in ratio, or off-diagonal
 * entries are large next to the diagonal (inputs in [−1, 1] are safe up to n = 4).
 *
 * @throws Error naming the constraint when no transform is known
 * @example
 * ```ts
 * const t = biject(positive);
 * t.forward(tf.tensor([-10, 0, 10])); // all positive
 * biject(simplex).forward(tf.zeros([2])); // [1/3, 1/3, 1/3]
 * ```
 */
export function biject(constraint: Constraint): Transform {
  switch (constraint.tag) {
    case "real":
      return identityTransform;
    case "positive":
      return softplusTransform;
    case "greaterThan":
      if ("low" in constraint) return greaterThanTransform(constraint as GreaterThanConstraint);
      break;
    case "unitInterval":
      return sigmoidTransform(0, 1);
    case "interval":
      if ("low" in constraint && "high" in constraint) {
        const c = constraint as IntervalConstraint;
        return sigmoidTransform(c.low, c.high);
      }
      break;
    case "simplex":
      return stickBreakingTransform;
    case "lowerCholesky":
      return lowerCholeskyTransform;
    case "positiveDefinite":
      return positiveDefiniteTransform;
    default:
      break;
  }
  throw new Error(`biject: no transform from the reals onto ${constraint.description} (${constraint.tag})`);
}
