/**
 * MixtureSameFamily: a finite mixture whose components are one batched distribution.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors.js";
import { logSumExp } from "../math/logsumexp.js";
import { RandomStream, seedValue, type Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, formatShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { CategoricalDistribution } from "./categorical.js";
import { type Constraint, real, type SupportTag } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/**
 * A mixture of K components of one family: p(x) = Σₖ wₖ pₖ(x), the components being the
 * last batch dimension of one distribution.
 *
 * - log p(x) = logSumExp_k (log wₖ + log pₖ(x)), exact in the tails (no exp of a log-density)
 * - parameters: `mixtureLogits` ℓ ∈ ℝᴷ (any reals; wₖ = exp(ℓₖ)/Σⱼ exp(ℓⱼ)) and the component
 *   distribution, whose batch shape ends in K
 * - support and event shape: the components'; batch shape: the broadcast of the logits'
 *   leading dimensions and the components' batch shape without its last dimension
 * - mean Σₖ wₖ μₖ; variance Σₖ wₖ (σₖ² + (μₖ − mean)²) (law of total variance); no closed-form
 *   entropy
 * - not reparameterized: `sample` draws the component index by the Gumbel-max trick
 *   (argmaxₖ ℓₖ + Gₖ, Gₖ standard Gumbel) from a seeded stream, then picks that component's draw
 *
 * @typeParam S - the components' support tag
 * @example
 * ```ts
 * const d = new MixtureSameFamilyDistribution(tf.zeros([2]), Normal(tf.tensor([-1, 1]), 0.5));
 * d.batchShape; // []
 * d.logProb(tf.scalar(0)); // log N(0; ±1, 0.5²)
 * ```
 */
export class MixtureSameFamilyDistribution<S extends SupportTag = SupportTag> extends Distribution<S> {
  readonly name: string;
  readonly batchShape: number[];
  readonly eventShape: number[];
  readonly support: Constraint<S>;
  readonly argConstraints: Readonly<Record<string, Constraint>> = {
    /** The mixture logits ℓ: any finite reals. */
    mixtureLogits: real,
  };
  readonly hasRsample = false;
  /** The number of components K. */
  readonly numComponents: number;

  /**
   * @param mixtureLogits - mixture logits ℓ, shape `[..., K]` (need not be normalized)
   * @param components - the component distribution, batch shape `[..., K]`
   * @param batchShape - a batch shape both broadcast to (default: their broadcast)
   */
  constructor(
    readonly mixtureLogits: tf.Tensor,
    readonly components: Distribution<S>,
    batchShape?: number[],
  ) {
    super();
    const where = "MixtureSameFamily";
    const cb = components.batchShape;
    const k = cb[cb.length - 1];
    if (k === undefined) {
      throw new ShapeError(where, `the components need a batch dimension of size K (the last), got batch shape []`);
    }
    if (mixtureLogits.rank < 1 || mixtureLogits.shape[mixtureLogits.rank - 1] !== k) {
      throw new ShapeError(
        where,
        `'mixtureLogits' must have shape [..., ${k}] to match the components' batch shape ${formatShape(cb)}, got ${formatShape(mixtureLogits.shape)}`,
      );
    }
    this.numComponents = k;
    this.name = `MixtureSameFamily(${components.name})`;
    this.batchShape = broadcastShapes(where, mixtureLogits.shape.slice(0, -1), cb.slice(0, -1), batchShape ?? []);
    this.eventShape = components.eventShape;
    this.support = components.support;
  }

  /** The normalized log-weights log wₖ, shape `batchShape ++ [K]`. */
  get logWeights(): tf.Tensor {
    return tf.tidy(() =>
      tf.broadcastTo(tf.sub(this.mixtureLogits, logSumExp(this.mixtureLogits, -1, true)), [...this.batchShape, this.numComponents]),
    );
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    const stream = seed instanceof RandomStream ? seed : new RandomStream(seedValue(seed));
    return tf.tidy(() => {
      const k = this.numComponents;
      const full = [...this.batchShape, k];
      const comps = shapesEqual(this.components.batchShape, full) ? this.components : this.components.expand(full);
      const draws = comps.sample(sampleShape, stream); // S ++ B ++ [K] ++ E
      const u = tf.randomUniform([...sampleShape, ...full], 0, 1, "float32", stream.nextSeed());
      const gumbel = tf.neg(tf.log(tf.neg(tf.log(u))));
      const index = tf.argMax(tf.add(this.logWeights, gumbel), -1);
      // one-hot of the index (tf.oneHot refuses depth 1)
      let pick = tf.cast(tf.equal(tf.expandDims(index, -1), tf.range(0, k, 1, "int32")), "float32");
      for (let i = 0; i < this.eventShape.length; i++) pick = tf.expandDims(pick, -1);
      return stopGradient(tf.sum(tf.mul(draws, pick), -(this.eventShape.length + 1)));
    });
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const e = this.eventShape.length;
      const x = tf.expandDims(value, value.rank - e); // S ++ B ++ [1] ++ E
      const lp = tf.add(this.components.logProb(x), this.logWeights);
      const out = logSumExp(lp, -1);
      const target = broadcastShapes(`${this.name}.logProb`, value.shape.slice(0, value.rank - e), this.batchShape);
      return shapesEqual(out.shape, target) ? out : tf.broadcastTo(out, target);
    });
  }

  /** The weights wₖ broadcast against per-component moments `batch ++ [K] ++ E`. */
  private weightsForEvent(): tf.Tensor {
    let w = tf.exp(this.logWeights);
    for (let i = 0; i < this.eventShape.length; i++) w = tf.expandDims(w, -1);
    return w;
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => {
      const axis = -(this.eventShape.length + 1);
      return tf.broadcastTo(tf.sum(tf.mul(this.weightsForEvent(), this.components.mean), axis), this.shape());
    });
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const axis = -(this.eventShape.length + 1);
      const w = this.weightsForEvent();
      const mu = this.components.mean;
      const m = tf.sum(tf.mul(w, mu), axis, true);
      const v = tf.sum(tf.mul(w, tf.add(this.components.variance, tf.square(tf.sub(mu, m)))), axis);
      return tf.broadcastTo(v, this.shape());
    });
  }

  override expand(batchShape: number[]): MixtureSameFamilyDistribution<S> {
    return new MixtureSameFamilyDistribution(
      this.mixtureLogits,
      this.components,
      expandShape(`${this.name}.expand`, this.batchShape, batchShape),
    );
  }
}

/**
 * Create a mixture p(x) = Σₖ wₖ pₖ(x) from mixture weights and a component distribution whose
 * last batch dimension indexes the K components.
 *
 * ```
 * log p(x) = logSumExp_k (log softmax(ℓ)ₖ + log pₖ(x))
 * ```
 *
 * @param mixture - the mixing distribution: a `Categorical` over K classes, or mixture logits
 *   ℓ of shape `[..., K]` (any finite reals)
 * @param components - e.g. `Normal(locs, scales)` with batch shape `[..., K]`
 * @example
 * ```ts
 * const gmm = MixtureSameFamily(Categorical({ probs: [0.3, 0.7] }), Normal([-2, 2], [1, 0.5]));
 * const same = MixtureSameFamily([Math.log(0.3), Math.log(0.7)], Normal([-2, 2], [1, 0.5]));
 * ```
 */
export function MixtureSameFamily<S extends SupportTag>(
  mixture: CategoricalDistribution | TensorLike,
  components: Distribution<S>,
): MixtureSameFamilyDistribution<S> {
  const logits =
    mixture instanceof CategoricalDistribution ? mixture.logits : param("MixtureSameFamily", "mixtureLogits", mixture, real);
  return new MixtureSameFamilyDistribution(logits, components);
}
