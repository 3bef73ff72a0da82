/**
 * The multivariate Normal distribution with a full covariance matrix.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors.js";
import { cholesky } from "../math/cholesky.js";
import { diagPart } from "../math/linalg.js";
import { seedValue, type Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, formatShape, shapesEqual } from "../math/shape.js";
import { LOG_2PI } from "../math/special.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { triangularSolve } from "../math/triangular-solve.js";
import { type Constraint, lowerCholesky, positiveDefinite, real, realVector } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/** Which parameter a {@link MultivariateNormalDistribution} was built from. */
export type MultivariateNormalParameterization = "scaleTril" | "covarianceMatrix" | "precisionMatrix";

/**
 * MultivariateNormal(μ, Σ) on ℝⁿ: density p(x) = exp(−½ (x − μ)ᵀ Σ⁻¹ (x − μ)) / √((2π)ⁿ det Σ).
 *
 * - support: real vectors (tag `"real"`, event shape [n]); parameters: `loc` μ ∈ ℝⁿ and one of
 *   `scaleTril` L (lower triangular, positive diagonal, Σ = L Lᵀ), `covarianceMatrix` Σ or
 *   `precisionMatrix` Σ⁻¹ (symmetric positive definite); stored as L either way
 * - log p(x) = −½ ‖L⁻¹ (x − μ)‖² − ½ n log 2π − Σᵢ log Lᵢᵢ (a triangular solve, no inverse)
 * - mean μ, variance diag Σ = Σⱼ Lᵢⱼ², entropy ½ n (1 + log 2π) + Σᵢ log Lᵢᵢ
 * - reparameterized: x = μ + L ε, ε ~ N(0, Iₙ)
 *
 * Batch shape: the broadcast of `loc`'s leading dimensions and the matrix's.
 *
 * @example
 * ```ts
 * const d = new MultivariateNormalDistribution(tf.zeros([2]), tf.eye(2));
 * d.logProb(tf.zeros([2])); // −log 2π
 * ```
 */
export class MultivariateNormalDistribution extends Distribution<"real"> {
  readonly name = "MultivariateNormal";
  readonly batchShape: number[];
  readonly eventShape: number[];
  readonly support: Constraint<"real"> = realVector;
  readonly argConstraints: Readonly<Record<string, Constraint>>;
  readonly hasRsample = true;

  /**
   * @param loc - mean vectors μ, shape `[..., n]`
   * @param scaleTril - lower Cholesky factors L of the covariance, shape `[..., n, n]`
   * @param batchShape - a batch shape both broadcast to (default: their broadcast)
   * @param parameterization - which parameter the user gave (sets `argConstraints`; default `"scaleTril"`)
   */
  constructor(
    readonly loc: tf.Tensor,
    readonly scaleTril: tf.Tensor,
    batchShape?: number[],
    readonly parameterization: MultivariateNormalParameterization = "scaleTril",
  ) {
    super();
    const n = loc.shape[loc.rank - 1];
    if (loc.rank < 1 || n === undefined) {
      throw new ShapeError("MultivariateNormal", `'loc' must be a vector [..., n], got shape ${formatShape(loc.shape)}`);
    }
    if (scaleTril.rank < 2 || scaleTril.shape[scaleTril.rank - 1] !== n || scaleTril.shape[scaleTril.rank - 2] !== n) {
      throw new ShapeError(
        "MultivariateNormal",
        `'loc' has ${n} entries in its last axis, so the matrix must have shape [..., ${n}, ${n}], got ${formatShape(scaleTril.shape)}`,
      );
    }
    this.eventShape = [n];
    this.batchShape = broadcastShapes("MultivariateNormal", loc.shape.slice(0, -1), scaleTril.shape.slice(0, -2), batchShape ?? []);
    this.argConstraints = {
      loc: realVector,
      [parameterization]: parameterization === "scaleTril" ? lowerCholesky : positiveDefinite,
    };
  }

  /** The covariance matrix Σ = L Lᵀ, shape `batchShape ++ [n, n]`. */
  get covarianceMatrix(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.matMul(this.scaleTril, this.scaleTril, false, true), [...this.batchShape, ...this.eventShape, ...this.eventShape]));
  }

  /** The precision matrix Σ⁻¹ = L⁻ᵀ L⁻¹, shape `batchShape ++ [n, n]`. */
  get precisionMatrix(): tf.Tensor {
    return tf.tidy(() => {
      const n = this.eventShape[0]!;
      const inv = triangularSolve(this.scaleTril, tf.eye(n));
      return tf.broadcastTo(tf.matMul(inv, inv, true, false), [...this.batchShape, n, n]);
    });
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      const eps = tf.randomNormal(this.shape(sampleShape), 0, 1, "float32", seedValue(seed));
      return tf.add(this.loc, applyFactor(this.scaleTril, eps));
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const n = this.eventShape[0]!;
      if (value.rank < 1 || value.shape[value.rank - 1] !== n) {
        throw new ShapeError("MultivariateNormal.logProb", `value must have shape [..., ${n}], got ${formatShape(value.shape)}`);
      }
      const z = triangularSolve(this.scaleTril, tf.expandDims(tf.sub(value, this.loc), -1));
      const halfLogDet = tf.sum(tf.log(diagPart(this.scaleTril)), -1);
      const lp = tf.sub(tf.mul(-0.5, tf.sum(tf.square(z), [-2, -1])), tf.add(halfLogDet, 0.5 * n * LOG_2PI));
      const target = broadcastShapes("MultivariateNormal.logProb", value.shape.slice(0, -1), this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.loc, this.shape()));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.sum(tf.square(this.scaleTril), -1), this.shape()));
  }

  override entropy(): tf.Tensor {
    const n = this.eventShape[0]!;
    return tf.tidy(() =>
      tf.broadcastTo(tf.add(tf.sum(tf.log(diagPart(this.scaleTril)), -1), 0.5 * n * (1 + LOG_2PI)), this.batchShape),
    );
  }

  override expand(batchShape: number[]): MultivariateNormalDistribution {
    return new MultivariateNormalDistribution(
      this.loc,
      this.scaleTril,
      expandShape("MultivariateNormal.expand", this.batchShape, batchShape),
      this.parameterization,
    );
  }
}

/**
 * (F ε)ᵢ = Σⱼ Fᵢⱼ εⱼ for factors F `[..., n, k]` and vectors ε `[..., k]` whose leading
 * dimensions broadcast. One matrix product when F has no batch dimensions; otherwise a
 * broadcast product and sum (tfjs's matMul gradient does not sum over broadcast dimensions).
 *
 * @internal
 */
export function applyFactor(f: tf.Tensor, eps: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    if (f.rank === 2) {
      const k = f.shape[1]!;
      const flat = tf.matMul(tf.reshape(eps, [-1, k]), f, false, true);
      return tf.reshape(flat, [...eps.shape.slice(0, -1), f.shape[0]!]);
    }
    return tf.sum(tf.mul(f, tf.expandDims(eps, -2)), -1);
  });
}

/** The covariance argument of {@link MultivariateNormal}: exactly one of three forms. */
export type MultivariateNormalCovariance =
  | {
      /** Lower-triangular L with a positive diagonal, Σ = L Lᵀ; shape `[..., n, n]`. */
      scaleTril: TensorLike;
    }
  | {
      /** The covariance matrix Σ, symmetric positive definite; shape `[..., n, n]`. */
      covarianceMatrix: TensorLike;
    }
  | {
      /** The precision matrix Σ⁻¹, symmetric positive definite; shape `[..., n, n]`. */
      precisionMatrix: TensorLike;
    };

/**
 * Σ = P⁻¹ from a precision matrix P with one Cholesky factorization: with J the reversal
 * permutation, J P J = Lf Lfᵀ, so P = U Uᵀ with U = J Lf J upper triangular, and
 * Σ = U⁻ᵀ U⁻¹: the lower Cholesky factor of Σ is U⁻ᵀ.
 */
function precisionToScaleTril(p: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const n = p.shape[p.rank - 1]!;
    const u = tf.reverse(cholesky(tf.reverse(p, [-2, -1])), [-2, -1]);
    return triangularSolve(u, tf.eye(n), { lower: false, transpose: true });
  });
}

/**
 * Create a MultivariateNormal(loc, Σ) from a mean vector and one of `scaleTril`,
 * `covarianceMatrix` or `precisionMatrix`.
 *
 * ```
 * p(x) = exp(−½ (x − loc)ᵀ Σ⁻¹ (x − loc)) / √((2π)ⁿ det Σ),   Σ = L Lᵀ
 * ```
 *
 * A covariance matrix is factored with {@link cholesky} (differentiably); a precision matrix
 * with one Cholesky and one triangular solve. Give `scaleTril` when you have it: it is used
 * as is.
 *
 * @param loc - the mean, `[..., n]`; any real numbers
 * @param covariance - `{ scaleTril }` (lower triangular, positive diagonal), or
 *   `{ covarianceMatrix }` / `{ precisionMatrix }` (symmetric positive definite), `[..., n, n]`
 * @example
 * ```ts
 * const prior = MultivariateNormal(tf.zeros([3]), { covarianceMatrix: tf.eye(3) });
 * const q = MultivariateNormal(mu, { scaleTril: L }); // L from lowerCholeskyTransform
 * ```
 */
export function MultivariateNormal(loc: TensorLike, covariance: MultivariateNormalCovariance): MultivariateNormalDistribution {
  if (covariance === null || typeof covariance !== "object") {
    throw new TypeError(`MultivariateNormal: expected { scaleTril }, { covarianceMatrix } or { precisionMatrix }, got ${String(covariance)}`);
  }
  const given = (["scaleTril", "covarianceMatrix", "precisionMatrix"] as const).filter(
    (k) => k in covariance && (covariance as Record<string, unknown>)[k] !== undefined,
  );
  if (given.length !== 1) {
    throw new TypeError(
      `MultivariateNormal: give exactly one of 'scaleTril', 'covarianceMatrix' or 'precisionMatrix', got ${given.length === 0 ? "none" : given.join(" and ")}`,
    );
  }
  const kind = given[0]!;
  const m = (covariance as Record<string, TensorLike>)[kind]!;
  const l = param("MultivariateNormal", "loc", loc, real);
  const raw = param("MultivariateNormal", kind, m, kind === "scaleTril" ? lowerCholesky : positiveDefinite);
  const scaleTril = kind === "scaleTril" ? raw : kind === "covarianceMatrix" ? cholesky(raw) : precisionToScaleTril(raw);
  return new MultivariateNormalDistribution(l, scaleTril, undefined, kind);
}
