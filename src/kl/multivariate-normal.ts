/**
 * KL divergences between multivariate Normals: full covariance (MultivariateNormal), low rank
 * plus diagonal (LowRankMultivariateNormal), and diagonal (Independent(Normal, 1)).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Distribution } from "../distributions/distribution.js";
import { IndependentDistribution } from "../distributions/independent.js";
import { LowRankMultivariateNormalDistribution } from "../distributions/low-rank-multivariate-normal.js";
import { MultivariateNormalDistribution } from "../distributions/multivariate-normal.js";
import { NormalDistribution } from "../distributions/normal.js";
import { KLNotFoundError } from "../errors.js";
import { diagPart, matMulBroadcast, matrixDiag, transposeLast } from "../math/linalg.js";
import { broadcastShapes, formatShape, shapesEqual } from "../math/shape.js";
import { triangularSolve } from "../math/triangular-solve.js";

type Gaussian = MultivariateNormalDistribution | LowRankMultivariateNormalDistribution;

function checkEvents(p: Gaussian | Distribution, q: Gaussian | Distribution): number[] {
  if (!shapesEqual(p.eventShape, q.eventShape)) {
    throw new KLNotFoundError(
      "kl",
      `${p.name} and ${q.name} live in different dimensions: event shapes ${formatShape(p.eventShape)} and ${formatShape(q.eventShape)}`,
    );
  }
  return broadcastShapes(`kl(${p.name}, ${q.name})`, p.batchShape, q.batchShape);
}

/**
 * KL(N(μp, Σp) ‖ N(μq, Σq)) for two full-covariance MultivariateNormals, any parameterization.
 *
 * With Σ = L Lᵀ and M = Lq⁻¹ Lp (lower triangular, Mᵢᵢ = Lp,ᵢᵢ/Lq,ᵢᵢ), tᵢ = 2 log Mᵢᵢ:
 * KL = ½ [Σ_{i>j} Mᵢⱼ² + Σᵢ (e^{tᵢ} − 1 − tᵢ) + ‖Lq⁻¹ (μp − μq)‖²],
 * the usual ½ [tr(Σq⁻¹ Σp) − n + log det Σq − log det Σp + Mahalanobis] regrouped so that
 * every term is ≥ 0 and e^t − 1 − t is evaluated with expm1. KL(p ‖ p) is exactly 0: the
 * substitution gives M = I exactly and t = 0.
 *
 * @example
 * ```ts
 * klMultivariateNormal(MultivariateNormal([0, 0], { scaleTril: tf.eye(2) }),
 *                      MultivariateNormal([1, 0], { covarianceMatrix: tf.eye(2) })); // 0.5
 * ```
 */
export function klMultivariateNormal(p: MultivariateNormalDistribution, q: MultivariateNormalDistribution): tf.Tensor {
  const shape = checkEvents(p, q);
  return tf.tidy(() => {
    const n = p.eventShape[0]!;
    const m = triangularSolve(q.scaleTril, p.scaleTril);
    const strictLower = tf.sub(tf.linalg.bandPart(tf.ones([n, n]), -1, 0), tf.eye(n));
    const off = tf.sum(tf.square(tf.mul(m, strictLower)), [-2, -1]);
    const t = tf.mul(2, tf.sub(tf.log(diagPart(p.scaleTril)), tf.log(diagPart(q.scaleTril))));
    const diag = tf.sum(tf.sub(tf.expm1(t), t), -1);
    const z = triangularSolve(q.scaleTril, tf.expandDims(tf.sub(p.loc, q.loc), -1));
    const maha = tf.sum(tf.square(z), [-2, -1]);
    return tf.broadcastTo(tf.mul(0.5, tf.add(tf.add(off, diag), maha)), shape);
  });
}

/** log det Σ of either Gaussian, shape its batch shape (or the matrix's). */
function logDet(g: Gaussian): tf.Tensor {
  return g instanceof MultivariateNormalDistribution
    ? tf.mul(2, tf.sum(tf.log(diagPart(g.scaleTril)), -1))
    : g.logDetCovariance();
}

/** δᵀ Σ⁻¹ δ under q. */
function mahalanobis(q: Gaussian, delta: tf.Tensor): tf.Tensor {
  if (q instanceof LowRankMultivariateNormalDistribution) return q.mahalanobis(delta);
  return tf.sum(tf.square(triangularSolve(q.scaleTril, tf.expandDims(delta, -1))), [-2, -1]);
}

const sumSquares = (x: tf.Tensor) => tf.sum(tf.square(x), [-2, -1]);

/**
 * tr(Σq⁻¹ Σp). With q full (Lq): ‖Lq⁻¹ S‖²_F over square roots S of Σp (Lp, or Wp and
 * diag √Dp). With q low rank, by Woodbury: Σᵢ (Σp)ᵢᵢ/Dq,ᵢ − ‖L_C⁻¹ Wqᵀ Dq⁻¹ S‖²_F, O(n r²)
 * when p is low rank too.
 */
function traceInvProduct(q: Gaussian, p: Gaussian): tf.Tensor {
  if (q instanceof MultivariateNormalDistribution) {
    const lq = q.scaleTril;
    if (p instanceof MultivariateNormalDistribution) return sumSquares(triangularSolve(lq, p.scaleTril));
    const { w, d } = p.factors();
    return tf.add(sumSquares(triangularSolve(lq, w)), sumSquares(triangularSolve(lq, matrixDiag(tf.sqrt(d)))));
  }
  const { w: wq, d: dq } = q.factors();
  const a = transposeLast(tf.div(wq, tf.expandDims(dq, -1))); // Wqᵀ Dq⁻¹, [..., r, n]
  const lc = q.capacitanceTril;
  let varP: tf.Tensor;
  let second: tf.Tensor;
  if (p instanceof MultivariateNormalDistribution) {
    varP = tf.sum(tf.square(p.scaleTril), -1);
    second = sumSquares(triangularSolve(lc, matMulBroadcast(a, p.scaleTril)));
  } else {
    const { w: wp, d: dp } = p.factors();
    varP = tf.add(tf.sum(tf.square(wp), -1), dp);
    second = tf.add(
      sumSquares(triangularSolve(lc, matMulBroadcast(a, wp))),
      sumSquares(triangularSolve(lc, tf.mul(a, tf.expandDims(tf.sqrt(dp), -2)))),
    );
  }
  return tf.sub(tf.sum(tf.div(varP, dq), -1), second);
}

/** ½ [tr(Σq⁻¹ Σp) + (μq − μp)ᵀ Σq⁻¹ (μq − μp) − n + log det Σq − log det Σp]. */
function klGaussian(p: Gaussian, q: Gaussian): tf.Tensor {
  const shape = checkEvents(p, q);
  return tf.tidy(() => {
    const n = p.eventShape[0]!;
    const tr = traceInvProduct(q, p);
    const maha = mahalanobis(q, tf.sub(p.loc, q.loc));
    const out = tf.mul(0.5, tf.add(tf.add(tf.sub(tr, n), maha), tf.sub(logDet(q), logDet(p))));
    return tf.broadcastTo(out, shape);
  });
}

/**
 * KL(LowRankMultivariateNormal ‖ LowRankMultivariateNormal) in O(n (r_p + r_q)²):
 * ½ [tr(Σq⁻¹ Σp) + δᵀ Σq⁻¹ δ − n + log det Σq − log det Σp], δ = μp − μq, with Σq⁻¹ applied by
 * Woodbury and both log-determinants by the determinant lemma. Not exactly 0 for p = q (the
 * trace and determinant terms cancel only to float32 rounding).
 *
 * @example
 * ```ts
 * klLowRankLowRank(p, q); // shape: broadcast of the batch shapes
 * ```
 */
export function klLowRankLowRank(p: LowRankMultivariateNormalDistribution, q: LowRankMultivariateNormalDistribution): tf.Tensor {
  return klGaussian(p, q);
}

/**
 * KL(LowRankMultivariateNormal ‖ MultivariateNormal): the Gaussian formula with q's Cholesky
 * factor applied to p's square roots W and diag √D.
 *
 * @example
 * ```ts
 * klLowRankMultivariateNormal(LowRankMultivariateNormal(mu, W, D), MultivariateNormal(0, { scaleTril: L }));
 * ```
 */
export function klLowRankMultivariateNormal(p: LowRankMultivariateNormalDistribution, q: MultivariateNormalDistribution): tf.Tensor {
  return klGaussian(p, q);
}

/**
 * KL(MultivariateNormal ‖ LowRankMultivariateNormal): the Gaussian formula with Σq⁻¹ by
 * Woodbury (O(n² r) for p's full factor).
 *
 * @example
 * ```ts
 * klMultivariateNormalLowRank(MultivariateNormal(mu, { scaleTril: L }), LowRankMultivariateNormal(0, W, D));
 * ```
 */
export function klMultivariateNormalLowRank(p: MultivariateNormalDistribution, q: LowRankMultivariateNormalDistribution): tf.Tensor {
  return klGaussian(p, q);
}

/**
 * Whether `d` is a diagonal Gaussian vector: `Independent(Normal, 1)`.
 *
 * @example
 * ```ts
 * isDiagonalNormal(Normal(tf.zeros([3]), 1).toEvent(1)); // true
 * ```
 */
export function isDiagonalNormal(d: Distribution): d is IndependentDistribution<"real"> {
  return d instanceof IndependentDistribution && d.reinterpreted === 1 && d.base instanceof NormalDistribution;
}

/** Independent(Normal(μ, σ), 1) as MultivariateNormal(μ, diag σ). */
function asMultivariate(d: Distribution): MultivariateNormalDistribution {
  if (!isDiagonalNormal(d)) {
    throw new KLNotFoundError("kl", `only Independent(Normal, 1) pairs with a MultivariateNormal, got ${d.name} with event shape ${formatShape(d.eventShape)}`);
  }
  const base = d.base as NormalDistribution;
  const shape = base.batchShape;
  return new MultivariateNormalDistribution(tf.broadcastTo(base.loc, shape), matrixDiag(tf.broadcastTo(base.scale, shape)));
}

/**
 * KL(Independent(Normal, 1) ‖ MultivariateNormal): the diagonal Gaussian as a
 * MultivariateNormal with scaleTril = diag σ, then {@link klMultivariateNormal}.
 *
 * @example
 * ```ts
 * klDiagonalMultivariateNormal(Normal(mu, sigma).toEvent(1), MultivariateNormal(0, { covarianceMatrix: K }));
 * ```
 */
export function klDiagonalMultivariateNormal(p: IndependentDistribution, q: MultivariateNormalDistribution): tf.Tensor {
  return tf.tidy(() => klMultivariateNormal(asMultivariate(p), q));
}

/**
 * KL(MultivariateNormal ‖ Independent(Normal, 1)): see {@link klDiagonalMultivariateNormal}.
 *
 * @example
 * ```ts
 * klMultivariateNormalDiagonal(MultivariateNormal(mu, { scaleTril: L }), Normal(0, 1).expand([n]).toEvent(1));
 * ```
 */
export function klMultivariateNormalDiagonal(p: MultivariateNormalDistribution, q: IndependentDistribution): tf.Tensor {
  return tf.tidy(() => klMultivariateNormal(p, asMultivariate(q)));
}
