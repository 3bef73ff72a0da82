/**
 * The Delta (point mass, degenerate) distribution, for MAP guides.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, formatShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { type Constraint, real } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";
import { piecewiseConstant } from "./support-mask.js";

/**
 * Delta(v): all mass at the point v, with an optional log-density weight.
 *
 * - log p(x) = logDensity if x = v (every element of one event equal), −∞ otherwise; the
 *   comparison has gradient 0 in x and in v
 * - parameters: `v` (real, any shape), `logDensity` (real, broadcast to the batch shape; default 0),
 *   `eventDim` (how many rightmost dimensions of v form one event; default 0)
 * - batch shape `v.shape` without its last `eventDim` dimensions (broadcast with logDensity's shape),
 *   event shape the last `eventDim` dimensions
 * - support: real; mean v, variance 0, entropy 0 (the Shannon entropy of a point mass)
 * - reparameterized: `rsample` returns v (broadcast to the sample shape), so gradients flow to v —
 *   the MAP guide: maximizing the ELBO with a Delta guide maximizes log p(x, v) + logDensity. For
 *   values of a discrete latent the gradient is meaningless (there is no reparameterization).
 * - `kl(Delta(v), q)` is −q.logProb(v): Pyro's convention, which ignores `logDensity`
 *
 * @example
 * ```ts
 * const d = new DeltaDistribution(tf.tensor([1, 2]), tf.scalar(0), 1);
 * d.logProb(tf.tensor([1, 2])); // 0
 * d.logProb(tf.tensor([1, 3])); // −∞
 * ```
 */
export class DeltaDistribution extends Distribution<"real"> {
  readonly name = "Delta";
  readonly batchShape: number[];
  readonly eventShape: number[];
  readonly support: Constraint<"real"> = real;
  readonly argConstraints = {
    /** The location v of the point mass: any real values. */
    v: real,
    /** The log-density added at v: any real number. */
    logDensity: real,
  };
  readonly hasRsample = true;

  /**
   * @param v - the point (a float32 tensor of shape `batchShape ++ eventShape`, or broadcastable to it)
   * @param logDensity - log-density at v (a float32 tensor broadcastable to the batch shape)
   * @param eventDim - how many rightmost dimensions of v form one event (an integer in [0, rank of v])
   * @param batchShape - a batch shape that v's batch part and logDensity broadcast to (default: their broadcast)
   */
  constructor(
    readonly v: tf.Tensor,
    readonly logDensity: tf.Tensor,
    readonly eventDim: number,
    batchShape?: number[],
  ) {
    super();
    if (!Number.isInteger(eventDim) || eventDim < 0 || eventDim > v.rank) {
      throw new ShapeError(
        "Delta",
        `eventDim must be an integer in [0, ${v.rank}] (the rank of v, shape ${formatShape(v.shape)}), got ${eventDim}`,
      );
    }
    this.eventShape = v.shape.slice(v.rank - eventDim);
    const vBatch = v.shape.slice(0, v.rank - eventDim);
    this.batchShape = broadcastShapes("Delta", vBatch, logDensity.shape, batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    void seed;
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      return shapesEqual(this.v.shape, shape) ? tf.clone(this.v) : tf.broadcastTo(this.v, shape);
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const n = this.eventShape.length;
      const target = broadcastShapes(
        "Delta.logProb",
        value.shape.slice(0, value.rank - n),
        this.batchShape,
      );
      if (!shapesEqual(value.shape.slice(value.rank - n), this.eventShape)) {
        throw new ShapeError(
          "Delta.logProb",
          `value has shape ${formatShape(value.shape)}, whose last ${n} dimension(s) should be the event shape ${formatShape(this.eventShape)}`,
        );
      }
      // 0 where the whole event equals v, −∞ elsewhere; a comparison, so its gradient is 0 by hand.
      const hit = piecewiseConstant(
        (x, v) => {
          const eq = tf.equal(x, v);
          const same = n > 0 ? tf.all(eq, rightmostAxes(x.rank, v.rank, n)) : eq;
          return tf.where(same, tf.scalar(0), tf.scalar(-Infinity));
        },
        value,
        this.v,
      );
      const lp = tf.add(hit, this.logDensity);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.v, this.shape()));
  }

  get variance(): tf.Tensor {
    return tf.zeros(this.shape());
  }

  /** 0, the Shannon entropy of a point mass (consistent with `kl(Delta, q) = −q.logProb(v)`), shape `batchShape`. */
  override entropy(): tf.Tensor {
    return tf.zeros(this.batchShape);
  }

  override expand(batchShape: number[]): DeltaDistribution {
    return new DeltaDistribution(
      this.v,
      this.logDensity,
      this.eventDim,
      expandShape("Delta.expand", this.batchShape, batchShape),
    );
  }
}

/** The last n axes of the broadcast of ranks a and b. */
function rightmostAxes(a: number, b: number, n: number): number[] {
  const rank = Math.max(a, b);
  const axes: number[] = [];
  for (let i = rank - n; i < rank; i++) axes.push(i);
  return axes;
}

/** Options of {@link Delta}. */
export interface DeltaOptions {
  /** Log-density added to logProb at v, broadcast to the batch shape (default 0). */
  logDensity?: TensorLike;
  /** How many rightmost dimensions of v form one event (default 0). */
  eventDim?: number;
}

/**
 * Create a Delta (point-mass) distribution at `v`, e.g. for a MAP guide.
 *
 * ```
 * log p(x) = logDensity   if x = v,   −∞ otherwise
 * ```
 *
 * Mean v, variance 0, entropy 0; `rsample` returns v, so gradients flow to v (for values of a
 * discrete latent that gradient is meaningless). `kl(Delta(v), q) = −q.logProb(v)` (Pyro's
 * convention, `logDensity` ignored).
 *
 * @param v - the point; any real values; its last `eventDim` dimensions form one event
 * @param options - `logDensity` (default 0) and `eventDim` (default 0)
 * @example
 * ```ts
 * // MAP guide for a latent z of shape [20]
 * const guideZ = Delta(zParam, { eventDim: 1 });
 * ```
 */
export function Delta(v: TensorLike, options: DeltaOptions = {}): DeltaDistribution {
  const value = param("Delta", "v", v, real);
  const logDensity = param("Delta", "logDensity", options.logDensity ?? 0, real);
  return new DeltaDistribution(value, logDensity, options.eventDim ?? 0);
}
