/**
 * The relaxed Bernoulli (binary Concrete) distribution on [0, 1].
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { branchMask, log1pDiff } from "../math/piecewise.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape } from "../math/shape.js";
import { softplus } from "../math/special.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { xlog1py, xlogy } from "../math/xlogy.js";
import { type Constraint, positive, real, unitInterval } from "./constraints.js";
import { logisticNoise, streamOf } from "./count-samplers.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";
import { logProbPair, openUnitInterval, type ProbsOrLogits, probsOrLogits } from "./probs-logits.js";

/**
 * RelaxedBernoulli(τ, p): the binary Concrete / Gumbel-softmax relaxation of Bernoulli(p) (Maddison, Mnih &
 * Teh 2017; Jang, Gu & Poole 2017): X = σ((ℓ + L)/τ) with L standard logistic noise.
 *
 * - density on (0, 1): p(x) = τ α x^(−τ−1) (1 − x)^(−τ−1) / (α x^(−τ) + (1 − x)^(−τ))², α = p/(1 − p) = e^ℓ;
 *   log p(x) = log τ + ℓ − τ y − log x − log(1 − x) − 2 softplus(ℓ − τ y), y = logit(x), evaluated in the
 *   form whose softplus argument is ≤ 0 so that it never computes ∞ − ∞
 * - parameters: `temperature` τ > 0, and `probs` p ∈ (0, 1) or `logits` ℓ ∈ ℝ; as τ → 0 the draws
 *   approach Bernoulli(p) draws
 * - support: [0, 1]. float32 draws round to exactly 1 once (ℓ + L)/τ ≳ 16.6 (and to 0 below ≈ −87), which
 *   small temperatures make common; at x = 1 logProb returns the density's limit there, +∞ for τ < 1,
 *   ℓ for τ = 1, −∞ for τ > 1 (symmetrically at 0), never NaN, but its gradient is not finite
 * - mean and variance have no closed form (`mean` and `variance` throw; estimate them from samples);
 *   entropy is not implemented
 * - reparameterized: `rsample` is pathwise in τ and ℓ
 *
 * @example
 * ```ts
 * const d = new RelaxedBernoulliDistribution(tf.scalar(0.5), { logits: tf.scalar(0) });
 * const x = d.rsample([4]);  // in (0, 1), concentrated near 0 and 1
 * d.logProb(tf.scalar(0.5)); // log τ = log 0.5 (at ℓ = 0 the density at ½ is τ)
 * ```
 */
export class RelaxedBernoulliDistribution extends Distribution<"unitInterval"> {
  readonly name = "RelaxedBernoulli";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"unitInterval"> = unitInterval;
  readonly argConstraints: Readonly<Record<string, Constraint>>;
  readonly hasRsample = true;

  /**
   * @param temperature - τ > 0 (float32)
   * @param params - exactly one of `probs` ∈ (0, 1) or `logits` (float32)
   * @param batchShape - a batch shape the parameters broadcast to (default: their broadcast)
   */
  constructor(
    readonly temperature: tf.Tensor,
    readonly params: ProbsOrLogits,
    batchShape?: number[],
  ) {
    super();
    const t = "logits" in params ? params.logits : params.probs;
    this.argConstraints =
      "logits" in params ? { temperature: positive, logits: real } : { temperature: positive, probs: openUnitInterval };
    this.batchShape = broadcastShapes("RelaxedBernoulli", temperature.shape, t.shape, batchShape ?? []);
  }

  /** The logits ℓ = log p − log(1 − p), broadcast to the batch shape. */
  get logits(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.rawLogits(), this.batchShape));
  }

  /** The probabilities p of the Bernoulli being relaxed, broadcast to the batch shape. */
  get probs(): tf.Tensor {
    return tf.tidy(() =>
      tf.broadcastTo("logits" in this.params ? tf.sigmoid(this.params.logits) : this.params.probs, this.batchShape),
    );
  }

  private rawLogits(): tf.Tensor {
    return tf.tidy(() => {
      if ("logits" in this.params) return tf.clone(this.params.logits);
      const [lp, lq] = logProbPair(this.params);
      return tf.sub(lp, lq);
    });
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    const noise = logisticNoise(this.shape(sampleShape), streamOf(seed));
    try {
      return tf.tidy(() => tf.sigmoid(tf.div(tf.add(this.rawLogits(), noise), this.temperature)));
    } finally {
      noise.dispose();
    }
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const target = broadcastShapes("RelaxedBernoulli.logProb", value.shape, this.batchShape);
      const inside = tf.broadcastTo(
        branchMask(value, (v) => tf.logicalAnd(tf.greaterEqual(v, 0), tf.lessEqual(v, 1))),
        target,
      );
      const x = tf.where(inside, tf.broadcastTo(value, target), tf.fill(target, 0.5));
      const l = this.rawLogits();
      const tau = this.temperature;
      const logTau = tf.log(tau);
      const tm1 = tf.sub(tau, 1);
      const tp1 = tf.add(tau, 1);
      const diffOf = (v: tf.Tensor) => tf.sub(l, tf.mul(tau, tf.sub(tf.log(v), log1pDiff(tf.neg(v)))));
      // Choose, per element, the form whose softplus argument is ≤ 0 (a stable log-add-exp); each form is
      // evaluated on x replaced by ½ where it is not chosen (no 0·∞ in the gradient).
      const formA = branchMask(diffOf(x), (d) => tf.lessEqual(d, 0));
      const xa = tf.where(formA, x, tf.fill(target, 0.5));
      const xb = tf.where(formA, tf.fill(target, 0.5), x);
      // (τ − 1)·log(1 − x) and (τ − 1)·log x, with the limit 0·log 0 = 0 at τ = 1 taken only where the log is −∞
      // (x exactly 1, resp. 0); elsewhere the plain product, whose τ-derivative xlogy's convention would drop at τ = 1.
      const tm1b = tf.broadcastTo(tm1, target);
      const isOne = branchMask(xa, (u) => tf.equal(u, 1));
      const isZero = branchMask(xb, (u) => tf.equal(u, 0));
      const tmLog1m = tf.where(isOne, xlog1py(tm1b, tf.neg(xa)), tf.mul(tm1b, log1pDiff(tf.neg(tf.where(isOne, tf.zerosLike(xa), xa)))));
      const tmLog = tf.where(isZero, xlogy(tm1b, xb), tf.mul(tm1b, tf.log(tf.where(isZero, tf.onesLike(xb), xb))));
      // A: log τ + ℓ − (τ + 1) log x + (τ − 1) log(1 − x) − 2 softplus(ℓ − τ y)
      const a = tf.sub(tf.add(tf.sub(tf.add(logTau, l), tf.mul(tp1, tf.log(xa))), tmLog1m), tf.mul(2, softplus(diffOf(xa))));
      // B: log τ − ℓ + (τ − 1) log x − (τ + 1) log(1 − x) − 2 softplus(τ y − ℓ)
      const b = tf.sub(
        tf.sub(tf.add(tf.sub(logTau, l), tmLog), tf.mul(tp1, log1pDiff(tf.neg(xb)))),
        tf.mul(2, softplus(tf.neg(diffOf(xb)))),
      );
      const lp = tf.where(formA, a, b);
      return tf.where(inside, lp, tf.fill(target, -Infinity));
    });
  }

  /** Not available in closed form: throws (estimate it from samples). */
  get mean(): tf.Tensor {
    throw new Error("RelaxedBernoulli: the mean has no closed form; estimate it from samples");
  }

  /** Not available in closed form: throws (estimate it from samples). */
  get variance(): tf.Tensor {
    throw new Error("RelaxedBernoulli: the variance has no closed form; estimate it from samples");
  }

  override expand(batchShape: number[]): RelaxedBernoulliDistribution {
    return new RelaxedBernoulliDistribution(
      this.temperature,
      this.params,
      expandShape("RelaxedBernoulli.expand", this.batchShape, batchShape),
    );
  }
}

/** Arguments of {@link RelaxedBernoulli}: the temperature, and probabilities or logits. */
export type RelaxedBernoulliParams = {
  /** The temperature τ > 0; small τ gives draws near 0 and 1. */
  temperature: TensorLike;
} & (
  | {
      /** Probability p ∈ (0, 1) of the Bernoulli being relaxed. */
      probs: TensorLike;
    }
  | {
      /** Its logits ℓ = log(p/(1 − p)) ∈ ℝ. */
      logits: TensorLike;
    }
);

/**
 * Create a relaxed Bernoulli (binary Concrete) distribution from `temperature` τ > 0 and `probs` p or
 * `logits` ℓ.
 *
 * ```
 * X = sigmoid((ℓ + log U − log(1 − U)) / τ),   U ~ Uniform(0, 1)
 * p(x) = τ α x^(−τ−1) (1 − x)^(−τ−1) / (α x^(−τ) + (1 − x)^(−τ))²,   α = e^ℓ
 * ```
 *
 * @example
 * ```ts
 * const gate = RelaxedBernoulli({ temperature: 0.5, logits: gateLogits });
 * const z = gate.rsample(); // differentiable in gateLogits
 * ```
 */
export function RelaxedBernoulli(params: RelaxedBernoulliParams): RelaxedBernoulliDistribution {
  if (params === null || typeof params !== "object") {
    throw new TypeError(`RelaxedBernoulli: expected { temperature, probs } or { temperature, logits }, got ${String(params)}`);
  }
  const pl = probsOrLogits("RelaxedBernoulli", params as { probs?: TensorLike; logits?: TensorLike }, openUnitInterval);
  const tau = param("RelaxedBernoulli", "temperature", params.temperature, positive);
  return new RelaxedBernoulliDistribution(tau, pl);
}
