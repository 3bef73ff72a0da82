/**
 * The multivariate Normal distribution with a low-rank-plus-diagonal covariance.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors.js";
import { cholesky } from "../math/cholesky.js";
import { diagPart, matrixDiag } from "../math/linalg.js";
import { RandomStream, seedValue, type Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, formatShape, shapesEqual } from "../math/shape.js";
import { LOG_2PI } from "../math/special.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { triangularSolve } from "../math/triangular-solve.js";
import { type Constraint, positive, real, realVector } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { applyFactor } from "./multivariate-normal.js";
import { param } from "./params.js";

/**
 * LowRankMultivariateNormal(μ, W, D) on ℝⁿ: the multivariate Normal with covariance
 * Σ = W Wᵀ + diag(D), W of shape n × r (r usually ≪ n).
 *
 * - density p(x) = exp(−½ (x − μ)ᵀ Σ⁻¹ (x − μ)) / √((2π)ⁿ det Σ), evaluated in O(n r²) with the
 *   capacitance C = I_r + Wᵀ D⁻¹ W = L_C L_Cᵀ: Woodbury,
 *   Σ⁻¹ = D⁻¹ − D⁻¹ W C⁻¹ Wᵀ D⁻¹, so (x − μ)ᵀ Σ⁻¹ (x − μ) = Σᵢ δᵢ²/Dᵢ − ‖L_C⁻¹ Wᵀ D⁻¹ δ‖²; and the
 *   matrix determinant lemma, log det Σ = log det C + Σᵢ log Dᵢ
 * - support: real vectors (tag `"real"`, event shape [n]); parameters: `loc` μ ∈ ℝⁿ,
 *   `covFactor` W ∈ ℝ^(n×r) (any finite reals), `covDiag` D ∈ (0, ∞)ⁿ
 * - mean μ, variance Σⱼ Wᵢⱼ² + Dᵢ, entropy ½ n (1 + log 2π) + ½ log det Σ
 * - reparameterized: x = μ + W ε₁ + √D ⊙ ε₂, ε₁ ~ N(0, I_r), ε₂ ~ N(0, Iₙ)
 *
 * @example
 * ```ts
 * const d = new LowRankMultivariateNormalDistribution(tf.zeros([3]), tf.zeros([3, 1]), tf.ones([3]));
 * d.logProb(tf.zeros([3])); // −1.5 log 2π
 * ```
 */
export class LowRankMultivariateNormalDistribution extends Distribution<"real"> {
  readonly name = "LowRankMultivariateNormal";
  readonly batchShape: number[];
  readonly eventShape: number[];
  readonly support: Constraint<"real"> = realVector;
  readonly argConstraints = {
    /** The mean μ: a vector of finite reals. */
    loc: realVector,
    /** The factor W: finite reals. */
    covFactor: real,
    /** The diagonal D: positive. */
    covDiag: positive,
  };
  readonly hasRsample = true;
  /** The rank r of the factor (its number of columns). */
  readonly rank: number;

  /**
   * @param loc - mean vectors μ, `[..., n]`
   * @param covFactor - factors W, `[..., n, r]`
   * @param covDiag - positive diagonals D, `[..., n]`
   * @param batchShape - a batch shape all three broadcast to (default: their broadcast)
   */
  constructor(
    readonly loc: tf.Tensor,
    readonly covFactor: tf.Tensor,
    readonly covDiag: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    const where = "LowRankMultivariateNormal";
    const n = loc.shape[loc.rank - 1];
    if (loc.rank < 1 || n === undefined) {
      throw new ShapeError(where, `'loc' must be a vector [..., n], got shape ${formatShape(loc.shape)}`);
    }
    if (covFactor.rank < 2 || covFactor.shape[covFactor.rank - 2] !== n || covFactor.shape[covFactor.rank - 1]! < 1) {
      throw new ShapeError(where, `'covFactor' must have shape [..., ${n}, r] with r ≥ 1 (n from 'loc'), got ${formatShape(covFactor.shape)}`);
    }
    if (covDiag.rank < 1 || covDiag.shape[covDiag.rank - 1] !== n) {
      throw new ShapeError(where, `'covDiag' must have shape [..., ${n}] (n from 'loc'), got ${formatShape(covDiag.shape)}`);
    }
    this.rank = covFactor.shape[covFactor.rank - 1]!;
    this.eventShape = [n];
    this.batchShape = broadcastShapes(where, loc.shape.slice(0, -1), covFactor.shape.slice(0, -2), covDiag.shape.slice(0, -1), batchShape ?? []);
  }

  /**
   * W and D broadcast to their joint batch shape (`[..., n, r]` and `[..., n]`), the form the
   * capacitance and the KL rules use.
   */
  factors(): {
    /** W broadcast to `[..., n, r]`. */
    w: tf.Tensor;
    /** D broadcast to `[..., n]`. */
    d: tf.Tensor;
  } {
    return tf.tidy(() => {
      const batch = broadcastShapes(this.name, this.covFactor.shape.slice(0, -2), this.covDiag.shape.slice(0, -1));
      const n = this.eventShape[0]!;
      const grow = (x: tf.Tensor, tail: number[]) => (shapesEqual(x.shape, [...batch, ...tail]) ? x : tf.broadcastTo(x, [...batch, ...tail]));
      return { w: grow(this.covFactor, [n, this.rank]), d: grow(this.covDiag, [n]) };
    });
  }

  /** The lower Cholesky factor L_C of the capacitance C = I_r + Wᵀ D⁻¹ W, `[..., r, r]`. */
  get capacitanceTril(): tf.Tensor {
    return tf.tidy(() => {
      const { w, d } = this.factors();
      const wOverD = tf.div(w, tf.expandDims(d, -1));
      return cholesky(tf.add(tf.matMul(wOverD, w, true, false), tf.eye(this.rank)));
    });
  }

  /**
   * log det Σ = 2 Σ log diag L_C + Σ log D, shape `batchShape`.
   *
   * @example
   * ```ts
   * new LowRankMultivariateNormalDistribution(tf.zeros([2]), tf.zeros([2, 1]), tf.ones([2])).logDetCovariance(); // 0
   * ```
   */
  logDetCovariance(): tf.Tensor {
    return tf.tidy(() => {
      const logDetC = tf.mul(2, tf.sum(tf.log(diagPart(this.capacitanceTril)), -1));
      return tf.broadcastTo(tf.add(logDetC, tf.sum(tf.log(this.covDiag), -1)), this.batchShape);
    });
  }

  /**
   * δᵀ Σ⁻¹ δ for vectors δ of shape `[..., n]` (broadcasting against the batch shape), by
   * Woodbury: Σᵢ δᵢ²/Dᵢ − ‖L_C⁻¹ Wᵀ D⁻¹ δ‖².
   *
   * @example
   * ```ts
   * d.mahalanobis(tf.sub(x, d.loc)); // shape sampleShape ++ batchShape
   * ```
   */
  mahalanobis(delta: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const { w, d } = this.factors();
      const scaled = tf.div(delta, d); // D⁻¹ δ
      const first = tf.sum(tf.mul(delta, scaled), -1);
      const t = tf.sum(tf.mul(w, tf.expandDims(scaled, -1)), -2); // Wᵀ D⁻¹ δ, [..., r]
      const z = triangularSolve(this.capacitanceTril, tf.expandDims(t, -1));
      return tf.sub(first, tf.sum(tf.square(z), [-2, -1]));
    });
  }

  /** The covariance matrix Σ = W Wᵀ + diag(D), shape `batchShape ++ [n, n]`. */
  get covarianceMatrix(): tf.Tensor {
    return tf.tidy(() => {
      const { w, d } = this.factors();
      const n = this.eventShape[0]!;
      return tf.broadcastTo(tf.add(tf.matMul(w, w, false, true), matrixDiag(d)), [...this.batchShape, n, n]);
    });
  }

  /** The lower Cholesky factor of Σ, shape `batchShape ++ [n, n]` (an O(n³) factorization). */
  get scaleTril(): tf.Tensor {
    return tf.tidy(() => cholesky(this.covarianceMatrix));
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      const stream = seed instanceof RandomStream ? seed : new RandomStream(seedValue(seed));
      const epsW = tf.randomNormal([...sampleShape, ...this.batchShape, this.rank], 0, 1, "float32", stream.nextSeed());
      const epsD = tf.randomNormal(this.shape(sampleShape), 0, 1, "float32", stream.nextSeed());
      return tf.add(tf.add(this.loc, applyFactor(this.covFactor, epsW)), tf.mul(tf.sqrt(this.covDiag), epsD));
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const n = this.eventShape[0]!;
      if (value.rank < 1 || value.shape[value.rank - 1] !== n) {
        throw new ShapeError(`${this.name}.logProb`, `value must have shape [..., ${n}], got ${formatShape(value.shape)}`);
      }
      const m = this.mahalanobis(tf.sub(value, this.loc));
      const lp = tf.mul(-0.5, tf.add(tf.add(m, this.logDetCovariance()), n * LOG_2PI));
      const target = broadcastShapes(`${this.name}.logProb`, value.shape.slice(0, -1), this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.loc, this.shape()));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.sum(tf.square(this.covFactor), -1), this.covDiag), this.shape()));
  }

  override entropy(): tf.Tensor {
    const n = this.eventShape[0]!;
    return tf.tidy(() => tf.add(tf.mul(0.5, this.logDetCovariance()), 0.5 * n * (1 + LOG_2PI)));
  }

  override expand(batchShape: number[]): LowRankMultivariateNormalDistribution {
    return new LowRankMultivariateNormalDistribution(
      this.loc,
      this.covFactor,
      this.covDiag,
      expandShape(`${this.name}.expand`, this.batchShape, batchShape),
    );
  }
}

/**
 * Create a LowRankMultivariateNormal(loc, covFactor, covDiag): covariance W Wᵀ + diag(D).
 *
 * ```
 * p(x) = N(x; loc, covFactor covFactorᵀ + diag(covDiag))
 * ```
 *
 * Log-densities cost O(n r²) (Woodbury identity and determinant lemma), not O(n³): the
 * family for a guide with correlated latents in high dimension.
 *
 * @param loc - the mean, `[..., n]`
 * @param covFactor - W, `[..., n, r]`, finite
 * @param covDiag - D, `[..., n]`, positive
 * @example
 * ```ts
 * const q = LowRankMultivariateNormal(mu, W, softplus(rho)); // W: [n, 2]
 * ```
 */
export function LowRankMultivariateNormal(
  loc: TensorLike,
  covFactor: TensorLike,
  covDiag: TensorLike,
): LowRankMultivariateNormalDistribution {
  const family = "LowRankMultivariateNormal";
  return new LowRankMultivariateNormalDistribution(
    param(family, "loc", loc, real),
    param(family, "covFactor", covFactor, real),
    param(family, "covDiag", covDiag, positive),
  );
}
