/**
 * The Bernoulli distribution, parameterized by probabilities or logits.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { seedValue, type Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { softplus } from "../math/special.js";
import { detach } from "../math/stop-gradient.js";
import { xlogy } from "../math/xlogy.js";
import type { TensorLike } from "../math/tensor-like.js";
import { boolean, type Constraint, real, unitInterval } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/**
 * Bernoulli(p): mass p^x (1 − p)^(1 − x) on x ∈ {0, 1}.
 *
 * - parameters: `probs` p ∈ [0, 1], or `logits` ℓ = log(p / (1 − p)) ∈ ℝ
 * - with logits, log p(x) = x ℓ − softplus(ℓ), exact for every finite ℓ
 * - mean p, variance p(1 − p), entropy softplus(ℓ) − p ℓ
 * - not reparameterized (`hasRsample` is false)
 *
 * @example
 * ```ts
 * const d = new BernoulliDistribution({ logits: tf.zeros([784]) });
 * d.logProb(tf.ones([784])); // each −log 2
 * ```
 */
export class BernoulliDistribution extends Distribution<"boolean"> {
  readonly name = "Bernoulli";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"boolean"> = boolean;
  readonly argConstraints: Readonly<Record<string, Constraint>>;
  readonly hasRsample = false;
  private readonly logitsParam: tf.Tensor | undefined;
  private readonly probsParam: tf.Tensor | undefined;

  /**
   * @param params - exactly one of `probs` or `logits` (float32 tensors)
   * @param batchShape - a batch shape the parameter broadcasts to (default: its shape)
   */
  constructor(params: { probs: tf.Tensor } | { logits: tf.Tensor }, batchShape?: number[]) {
    super();
    if ("logits" in params) {
      this.logitsParam = params.logits;
      this.argConstraints = { logits: real };
    } else {
      this.probsParam = params.probs;
      this.argConstraints = { probs: unitInterval };
    }
    const p = (this.logitsParam ?? this.probsParam)!;
    this.batchShape = broadcastShapes("Bernoulli", p.shape, batchShape ?? []);
  }

  /** The logits ℓ = log p − log(1 − p), broadcast to the batch shape. */
  get logits(): tf.Tensor {
    return tf.tidy(() =>
      tf.broadcastTo(
        this.logitsParam ?? tf.sub(tf.log(this.probsParam!), tf.log1p(tf.neg(this.probsParam!))),
        this.batchShape,
      ),
    );
  }

  /** The success probabilities p, broadcast to the batch shape. */
  get probs(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.probsParam ?? tf.sigmoid(this.logitsParam!), this.batchShape));
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    // off the gradient tape: the comparison has no gradient, and a score-function estimator
    // differentiates logProb of this draw with respect to the parameters
    return detach(() => {
      const u = tf.randomUniform(this.shape(sampleShape), 0, 1, "float32", seedValue(seed));
      const p = this.probsParam ?? tf.sigmoid(this.logitsParam!);
      return tf.cast(tf.less(u, p), "float32");
    });
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      let lp: tf.Tensor;
      if (this.logitsParam !== undefined) {
        lp = tf.sub(tf.mul(value, this.logitsParam), softplus(this.logitsParam));
      } else {
        // x log p + (1 − x) log(1 − p), with 0 · log 0 = 0 and a finite gradient there: the
        // argument of each log is replaced by 1 where its weight is 0 (the "double where").
        const p = this.probsParam!;
        const one = tf.onesLike(p);
        const logP = tf.log(tf.where(tf.equal(value, 0), one, tf.broadcastTo(p, broadcastShapes("Bernoulli", p.shape, value.shape))));
        const q = tf.sub(1, p);
        const log1mP = tf.log(tf.where(tf.equal(value, 1), one, tf.broadcastTo(q, broadcastShapes("Bernoulli", q.shape, value.shape))));
        lp = tf.add(tf.mul(value, logP), tf.mul(tf.sub(1, value), log1mP));
      }
      const target = broadcastShapes("Bernoulli.logProb", value.shape, this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  get mean(): tf.Tensor {
    return this.probs;
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const p = this.probs;
      return tf.mul(p, tf.sub(1, p));
    });
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => {
      if (this.logitsParam !== undefined) {
        const l = this.logits;
        return tf.sub(softplus(l), tf.mul(tf.sigmoid(l), l));
      }
      // −(p log p + (1 − p) log(1 − p)) with 0 log 0 = 0: finite at p = 0 and 1
      const p = this.probs;
      const q = tf.sub(1, p);
      return tf.neg(tf.add(xlogy(p, p), xlogy(q, q)));
    });
  }

  override expand(batchShape: number[]): BernoulliDistribution {
    const shape = expandShape("Bernoulli.expand", this.batchShape, batchShape);
    return this.logitsParam !== undefined
      ? new BernoulliDistribution({ logits: this.logitsParam }, shape)
      : new BernoulliDistribution({ probs: this.probsParam! }, shape);
  }
}

/** Arguments of {@link Bernoulli}: probabilities, or logits. */
export type BernoulliParams =
  | {
      /** Probability of a 1, p ∈ [0, 1]. */
      probs: TensorLike;
    }
  | {
      /** Log-odds of a 1, ℓ = log(p / (1 − p)) ∈ ℝ, so p = σ(ℓ). */
      logits: TensorLike;
    };

/**
 * Create a Bernoulli distribution from `probs` p ∈ [0, 1] or `logits` ℓ ∈ ℝ.
 *
 * ```
 * P(x) = p^x (1 − p)^(1 − x),   x ∈ {0, 1},   p = sigmoid(ℓ)
 * ```
 *
 * Prefer logits for a neural network's output: the log-mass x ℓ − softplus(ℓ) never rounds to
 * log 0.
 *
 * @example
 * ```ts
 * const likelihood = Bernoulli({ logits: decoder(z) }).toEvent(1);
 * const coin = Bernoulli({ probs: 0.3 });
 * ```
 */
export function Bernoulli(params: BernoulliParams): BernoulliDistribution {
  if (params === null || typeof params !== "object") {
    throw new TypeError(`Bernoulli: expected { probs } or { logits }, got ${String(params)}`);
  }
  const hasProbs = "probs" in params && params.probs !== undefined;
  const hasLogits = "logits" in params && params.logits !== undefined;
  if (hasProbs === hasLogits) {
    throw new TypeError(
      `Bernoulli: give exactly one of 'probs' or 'logits', got ${hasProbs ? "both" : "neither"}`,
    );
  }
  return hasLogits
    ? new BernoulliDistribution({ logits: param("Bernoulli", "logits", (params as { logits: TensorLike }).logits, real) })
    : new BernoulliDistribution({ probs: param("Bernoulli", "probs", (params as { probs: TensorLike }).probs, unitInterval) });
}
