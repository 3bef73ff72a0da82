/**
 * The Continuous Bernoulli distribution on [0, 1] (Loaiza-Ganem & Cunningham, 2019).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp } from "../math/custom-op.js";
import { log1p } from "../math/log1p.js";
import { branchMask, log1pDiff, polyval } from "../math/piecewise.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { softplus } from "../math/special.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { xlog1py, xlogy } from "../math/xlogy.js";
import { type Constraint, real, unitInterval } from "./constraints.js";
import { streamOf, uniformTensor } from "./count-samplers.js";
import { Distribution } from "./distribution.js";
import { logProbPair, openUnitInterval, type ProbsOrLogits, probsOrLogits } from "./probs-logits.js";

// ---------------------------------------------------------------------------------------------------
// Series coefficients (float64, from the Bernoulli numbers B₂ₙ), all in powers of the logit η.
//   log C(η) − log 2 = Σₙ Aₙ η²ⁿ,  Aₙ = −4(1 − 2²ⁿ⁻¹) B₂ₙ 2²ⁿ⁻¹ / ((2n)! 2n 4ⁿ)   [log(x/tanh x), x = η/2]
//   mean − ½        = Σₙ Mₙ η²ⁿ⁻¹, Mₙ = B₂ₙ/(2n)!                                  [1/(1 − e^(−η)) − 1/η]
//   variance        = Σₙ Vₙ η²ⁿ⁻², Vₙ = (2n − 1) B₂ₙ/(2n)!                         [d mean/dη]
//   entropy         = Σₙ Hₙ η²ⁿ,   Hₙ = 2²ⁿ(2²ⁿ − 1)B₂ₙ/(2n (2n)! 4ⁿ) − Mₙ − Aₙ      [log cosh(η/2) terms]
// log C has its nearest singularities at η = ±iπ, so |η| < 1 leaves a term ratio (1/π)² ≈ 0.10; the mean,
// variance and entropy (where those cancel) at ±2πi, so |η| < 2 leaves (1/π)² as well. Twelve terms:
// truncation < 0.1¹² relative.
const B2N = [
  1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330,
  854513 / 138, -236364091 / 2730, 8553103 / 6,
];
const TERMS = 12;
const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
const A: number[] = [];
const M: number[] = [];
const V: number[] = [];
const H: number[] = [];
for (let n = 1; n <= TERMS; n++) {
  const b = B2N[n - 1]!;
  const f = fact(2 * n);
  const a = (-4 * (1 - 2 ** (2 * n - 1)) * b * 2 ** (2 * n - 1)) / (f * 2 * n * 4 ** n);
  A.push(a);
  M.push(b / f);
  V.push(((2 * n - 1) * b) / f);
  H.push((2 ** (2 * n) * (2 ** (2 * n) - 1) * b) / (2 * n * f * 4 ** n) - b / f - a);
}
const LOGC_SERIES = 1;
const MOMENT_SERIES = 2;
const LOG2 = Math.log(2);

/** Σₙ cₙ zⁿ⁻¹ for coefficients c₁, c₂, … (Horner in z). */
const seriesIn = (c: readonly number[], z: tf.Tensor): tf.Tensor => polyval(c, z);

/**
 * Piecewise evaluation: `series(ηₛ)` where |η| < limit, `closed(a)` with a = |η| elsewhere, each fed a
 * harmless input where it is not selected (the double where), so that autodiff stays finite.
 */
function piecewise(
  eta: tf.Tensor,
  limit: number,
  series: (e: tf.Tensor) => tf.Tensor,
  closed: (a: tf.Tensor, e: tf.Tensor) => tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const small = branchMask(eta, (e) => tf.less(tf.abs(e), limit));
    const es = tf.where(small, eta, tf.zerosLike(eta));
    const el = tf.where(small, tf.fill(eta.shape, limit), eta);
    return tf.where(small, series(es), closed(tf.abs(el), el));
  });
}

/**
 * @internal log C(η), C the normalizing constant of the Continuous Bernoulli with logit η:
 * C = η / tanh(η/2) (= 2 artanh(1 − 2λ)/(1 − 2λ) with λ = σ(η), and 2 at η = 0).
 * |η| < 1: log 2 + Σ Aₙ η²ⁿ; otherwise log|η| + log1p(e^(−|η|)) − log(−expm1(−|η|)) (all terms of one sign).
 */
export function cbLogNormalizer(eta: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(LOG2, cbLogHalfNormalizer(eta)));
}

/**
 * @internal log C(η) − log 2 = log(x/tanh x), x = η/2: Σ Aₙ η²ⁿ for |η| < 1 (so that differences of nearby
 * values keep their relative accuracy), log|η| − log 2 + log1p(e^(−|η|)) − log(−expm1(−|η|)) otherwise.
 */
export function cbLogHalfNormalizer(eta: tf.Tensor): tf.Tensor {
  return piecewise(
    eta,
    LOGC_SERIES,
    (e) => {
      const z = tf.square(e);
      return tf.mul(z, seriesIn(A, z));
    },
    (a) => tf.sub(tf.add(tf.log(tf.mul(a, 0.5)), log1pDiff(tf.exp(tf.neg(a)))), tf.log(tf.neg(tf.expm1(tf.neg(a))))),
  );
}

/** @internal The mean 1/(1 − e^(−η)) − 1/η (½ + Σ Mₙ η²ⁿ⁻¹ for |η| < 2). */
export function cbMean(eta: tf.Tensor): tf.Tensor {
  return piecewise(
    eta,
    MOMENT_SERIES,
    (e) => tf.add(0.5, tf.mul(e, seriesIn(M, tf.square(e)))),
    (_a, e) => tf.sub(tf.neg(tf.reciprocal(tf.expm1(tf.neg(e)))), tf.reciprocal(e)),
  );
}

/** @internal The variance 1/η² − e^(−|η|)/expm1(−|η|)² (Σ Vₙ η²ⁿ⁻² for |η| < 2). */
export function cbVariance(eta: tf.Tensor): tf.Tensor {
  return piecewise(
    eta,
    MOMENT_SERIES,
    (e) => seriesIn(V, tf.square(e)),
    (a) => tf.sub(tf.reciprocal(tf.square(a)), tf.div(tf.exp(tf.neg(a)), tf.square(tf.expm1(tf.neg(a))))),
  );
}

/**
 * @internal The differential entropy −log C + softplus(η) − η·mean, written for a = |η| ≥ 2 as
 * 1 − log a + log(−expm1(−a)) − a/expm1(a) and as Σ Hₙ η²ⁿ (= −η²/24 + …) for |η| < 2.
 */
export function cbEntropy(eta: tf.Tensor): tf.Tensor {
  return piecewise(
    eta,
    MOMENT_SERIES,
    (e) => {
      const z = tf.square(e);
      return tf.mul(z, seriesIn(H, z));
    },
    (a) =>
      tf.sub(tf.add(tf.sub(1, tf.log(a)), tf.log(tf.neg(tf.expm1(tf.neg(a))))), tf.div(a, tf.expm1(a))),
  );
}

// ---------------------------------------------------------------------------------------------------
// Inverse CDF and its pathwise derivative.
//
// F(x) = expm1(ηx)/expm1(η), so x = log1p(u·expm1(η))/η (u at η = 0). By the symmetry x(u, η) = 1 − x(1 − u, −η)
// every draw is computed in the frame η ≤ 0 (expm1 then never overflows). The derivative is
// ∂x/∂η = (m − x)/η, m = u e^η/(1 + u expm1(η)) the tilted mean, and it is the same in both frames. For
// |η| < 1/4 that difference cancels, and the series ∂x/∂η = w Σⱼ ηʲ Qⱼ(s) is used instead, w = u(1 − u),
// s = 1 − 2u, from the Bernoulli cumulants κₙ(u) = w Pₙ(s): x = Σₙ κₙ ηⁿ⁻¹/n!, so
// Qⱼ = (j + 1) P_{j+2}/(j + 2)!, with P₂ = 1 and P_{n+1} = −½ d/ds[(1 − s²) Pₙ]. Eleven terms (j ≤ 10): the
// singularities of log(1 − u + u e^η) lie at |η| ≥ π, so the truncation is < (1/(4π))¹¹ relative.
const GRAD_SERIES = 0.25;
const GRAD_TERMS = 11;
const Q: number[][] = (() => {
  const out: number[][] = [];
  let pn: number[] = [1]; // P₂
  for (let j = 0; j < GRAD_TERMS; j++) {
    const f = fact(j + 2);
    out.push(pn.map((c) => ((j + 1) * c) / f));
    // (1 − s²)·Pₙ, then −½ d/ds
    const prod = new Array<number>(pn.length + 2).fill(0);
    pn.forEach((c, i) => {
      prod[i]! += c;
      prod[i + 2]! -= c;
    });
    pn = prod.slice(1).map((c, i) => -0.5 * (i + 1) * c);
  }
  return out;
})();

/** Qⱼ(s) from its full coefficient list (only the powers of one parity are non-zero). */
function evalQ(coeffs: readonly number[], s: tf.Tensor, s2: tf.Tensor, parity: number): tf.Tensor {
  const half = coeffs.filter((_, i) => i % 2 === parity);
  const p = polyval(half.length > 0 ? half : [0], s2);
  return parity === 1 ? tf.mul(s, p) : p;
}

const cbIcdf = customOp(([u, eta], save) => {
  const value = tf.tidy(() => {
    const flip = tf.greater(eta!, 0);
    const ur = tf.where(flip, tf.sub(1, u!), u!);
    const er = tf.where(flip, tf.neg(eta!), eta!);
    const zero = tf.equal(er, 0);
    const es = tf.where(zero, tf.fill(er.shape, -1), er);
    const xr = tf.where(zero, ur, tf.div(log1p(tf.mul(ur, tf.expm1(es))), es));
    // keep x in [0, 1] despite rounding (forward only; the gradient is analytic)
    const x = tf.where(flip, tf.sub(1, xr), xr);
    return tf.minimum(tf.maximum(x, 0), 1);
  });
  save([u!, tf.broadcastTo(eta!, value.shape)]);
  const etaShape = eta!.shape;
  const uShape = u!.shape;
  return {
    value,
    gradFunc: (dy, [su, se]) =>
      tf.tidy(() => {
        const flip = tf.greater(se!, 0);
        const ur = tf.where(flip, tf.sub(1, su!), su!);
        const er = tf.where(flip, tf.neg(se!), se!);
        const small = tf.less(tf.abs(er), GRAD_SERIES);
        // series in the reduced frame
        const es = tf.where(small, er, tf.zerosLike(er));
        const s = tf.sub(1, tf.mul(2, ur));
        const s2 = tf.square(s);
        let acc = evalQ(Q[GRAD_TERMS - 1]!, s, s2, (GRAD_TERMS - 1) % 2);
        for (let j = GRAD_TERMS - 2; j >= 0; j--) acc = tf.add(tf.mul(acc, es), evalQ(Q[j]!, s, s2, j % 2));
        const series = tf.mul(tf.mul(ur, tf.sub(1, ur)), acc);
        // closed form (m − x)/η
        const el = tf.where(small, tf.fill(er.shape, -GRAD_SERIES), er);
        const em1 = tf.expm1(el);
        const denom = tf.add(1, tf.mul(ur, em1));
        const xr = tf.div(log1p(tf.mul(ur, em1)), el);
        const m = tf.div(tf.mul(ur, tf.exp(el)), denom);
        const closed = tf.div(tf.sub(m, xr), el);
        const g = tf.where(small, series, closed);
        const gEta = tf.mul(dy, g);
        const axes = tf.backend_util.getReductionAxes(etaShape, gEta.shape);
        return [tf.zeros(uShape), tf.reshape(axes.length > 0 ? tf.sum(gEta, axes) : gEta, etaShape)];
      }),
  };
});

/**
 * ContinuousBernoulli(λ): density p(x) = C(λ) λˣ (1 − λ)¹⁻ˣ on x ∈ [0, 1] (Loaiza-Ganem & Cunningham,
 * "The continuous Bernoulli: fixing a pervasive error in variational autoencoders", NeurIPS 2019): the
 * properly normalized likelihood for pixel intensities in [0, 1].
 *
 * - normalizing constant C(λ) = 2 artanh(1 − 2λ)/(1 − 2λ) = η/tanh(η/2) with η = log(λ/(1 − λ)), and
 *   C = 2 at λ = ½ (computed from a Taylor series for |η| < 1, where the closed form is 0/0)
 * - parameters: `probs` λ ∈ (0, 1), or `logits` η ∈ ℝ (prefer logits: exact for every finite η)
 * - support: [0, 1]
 * - mean λ/(2λ − 1) + 1/(2 artanh(1 − 2λ)) = 1/(1 − e^(−η)) − 1/η (½ at η = 0);
 *   variance 1/η² − 1/(4 sinh²(η/2)) (1/12 at η = 0); entropy −log C + softplus(η) − η·mean (0 at η = 0);
 *   each with a series near η = 0
 * - reparameterized: x = log1p(u·expm1(η))/η for u ~ U(0, 1) (the inverse CDF), with an analytic pathwise
 *   gradient ∂x/∂η
 *
 * @example
 * ```ts
 * const d = new ContinuousBernoulliDistribution({ logits: tf.scalar(0) }); // the uniform density
 * d.logProb(tf.scalar(0.3)); // 0
 * d.mean;                    // 0.5
 * ```
 */
export class ContinuousBernoulliDistribution extends Distribution<"unitInterval"> {
  readonly name = "ContinuousBernoulli";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"unitInterval"> = unitInterval;
  readonly argConstraints: Readonly<Record<string, Constraint>>;
  readonly hasRsample = true;

  /**
   * @param params - exactly one of `probs` ∈ (0, 1) or `logits` (float32)
   * @param batchShape - a batch shape the parameter broadcasts to (default: its shape)
   */
  constructor(
    readonly params: ProbsOrLogits,
    batchShape?: number[],
  ) {
    super();
    const t = "logits" in params ? params.logits : params.probs;
    this.argConstraints = "logits" in params ? { logits: real } : { probs: openUnitInterval };
    this.batchShape = broadcastShapes("ContinuousBernoulli", t.shape, batchShape ?? []);
  }

  /** The logits η = log λ − log(1 − λ), broadcast to the batch shape. */
  get logits(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.eta(), this.batchShape));
  }

  /** The shape parameter λ (not the mean), broadcast to the batch shape. */
  get probs(): tf.Tensor {
    return tf.tidy(() =>
      tf.broadcastTo("logits" in this.params ? tf.sigmoid(this.params.logits) : this.params.probs, this.batchShape),
    );
  }

  /** @internal η at the parameter's own shape. */
  eta(): tf.Tensor {
    return tf.tidy(() => {
      if ("logits" in this.params) return tf.clone(this.params.logits);
      const [lp, lq] = logProbPair(this.params);
      return tf.sub(lp, lq);
    });
  }

  /** @internal log(1 − λ) = −softplus(η) at the parameter's own shape. */
  logOneMinusProbs(): tf.Tensor {
    return tf.tidy(() => logProbPair(this.params)[1]);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    const u = uniformTensor(this.shape(sampleShape), streamOf(seed));
    try {
      return tf.tidy(() => cbIcdf(u, this.eta()));
    } finally {
      u.dispose();
    }
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const target = broadcastShapes("ContinuousBernoulli.logProb", value.shape, this.batchShape);
      const inside = branchMask(value, (v) => tf.logicalAnd(tf.greaterEqual(v, 0), tf.lessEqual(v, 1)));
      const x = tf.where(inside, value, tf.fill(value.shape, 0.5));
      let lp: tf.Tensor;
      if ("logits" in this.params) {
        const l = this.params.logits;
        lp = tf.sub(tf.add(cbLogNormalizer(l), tf.mul(x, l)), softplus(l));
      } else {
        // x log λ + (1 − x) log(1 − λ), with 0·log 0 = 0 at the ends.
        const p = this.params.probs;
        lp = tf.add(cbLogNormalizer(this.eta()), tf.add(xlogy(x, p), xlog1py(tf.sub(1, x), tf.neg(p))));
      }
      const lpb = shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
      return tf.where(tf.broadcastTo(inside, target), lpb, tf.fill(target, -Infinity));
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(cbMean(this.eta()), this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(cbVariance(this.eta()), this.batchShape));
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(cbEntropy(this.eta()), this.batchShape));
  }

  override expand(batchShape: number[]): ContinuousBernoulliDistribution {
    return new ContinuousBernoulliDistribution(
      this.params,
      expandShape("ContinuousBernoulli.expand", this.batchShape, batchShape),
    );
  }
}

/** Arguments of {@link ContinuousBernoulli}: the shape parameter λ, or its logits. */
export type ContinuousBernoulliParams =
  | {
      /** The shape parameter λ ∈ (0, 1) (not the mean: the mean is pulled towards ½). */
      probs: TensorLike;
    }
  | {
      /** η = log(λ/(1 − λ)) ∈ ℝ, e.g. a decoder's output. */
      logits: TensorLike;
    };

/**
 * Create a Continuous Bernoulli distribution on [0, 1] from `probs` λ ∈ (0, 1) or `logits` η.
 *
 * ```
 * p(x) = C(λ) λˣ (1 − λ)¹⁻ˣ,   x ∈ [0, 1],   C(λ) = 2 artanh(1 − 2λ)/(1 − 2λ) = η/tanh(η/2)
 * ```
 *
 * The proper likelihood for [0, 1]-valued pixels in a VAE; unlike Bernoulli it integrates to 1 on [0, 1].
 *
 * @example
 * ```ts
 * const likelihood = ContinuousBernoulli({ logits: decoder(z) }).toEvent(1);
 * ContinuousBernoulli({ probs: 0.5 }).logProb(tf.scalar(0.9)); // 0 (uniform)
 * ```
 */
export function ContinuousBernoulli(params: ContinuousBernoulliParams): ContinuousBernoulliDistribution {
  return new ContinuousBernoulliDistribution(probsOrLogits("ContinuousBernoulli", params, openUnitInterval));
}
