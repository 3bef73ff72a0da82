/**
 * Masked: switch log-densities off where a boolean mask is false (Pyro's `mask`).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ValidationError } from "../errors.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, shapesEqual } from "../math/shape.js";
import type { Constraint, SupportTag } from "./constraints.js";
import { Distribution } from "./distribution.js";

/**
 * A distribution whose `logProb` is multiplied by a boolean mask: log p(x) where the mask is
 * true, exactly 0 where it is false (even where the base's log-density is −∞ or NaN, and with
 * a zero gradient there). Build it with `d.mask(m)`.
 *
 * - `mask`: a boolean tensor (a float tensor counts as true where non-zero), or `true`/`false`
 *   for the whole distribution; it broadcasts against the base's batch shape, and the batch
 *   shape is their broadcast
 * - support, event shape, `sample`, `rsample`, mean, variance and entropy are the base's
 *   (broadcast to the batch shape): masking changes what is scored, not what is drawn
 * - reparameterized exactly when the base is
 *
 * Use it for missing observations: `Normal(mu, 1).mask(observed).toEvent(1)` scores only the
 * observed entries.
 *
 * @example
 * ```ts
 * const d = Normal(tf.zeros([3]), 1).mask(tf.tensor([true, false, true], undefined, "bool"));
 * d.logProb(tf.zeros([3])); // [−0.919, 0, −0.919]
 * ```
 */
export class MaskedDistribution<S extends SupportTag = SupportTag> extends Distribution<S> {
  readonly name: string;
  readonly batchShape: number[];
  readonly eventShape: number[];
  readonly support: Constraint<S>;
  readonly argConstraints: Readonly<Record<string, Constraint>>;
  readonly hasRsample: boolean;
  /** The mask as a boolean tensor, or `true`/`false` for the whole distribution. */
  readonly maskValue: tf.Tensor | boolean;

  /**
   * @param base - the distribution whose log-densities are masked
   * @param mask - a boolean (or 0/1) tensor broadcasting against the base's batch shape, or a boolean
   * @throws ValidationError when `mask` is neither; ShapeError when it does not broadcast
   */
  constructor(
    readonly base: Distribution<S>,
    mask: tf.Tensor | boolean,
  ) {
    super();
    this.name = `Masked(${base.name})`;
    if (typeof mask !== "boolean" && !(mask instanceof tf.Tensor && !mask.isDisposed && mask.dtype !== "string")) {
      const got =
        mask instanceof tf.Tensor ? (mask.isDisposed ? "a disposed tensor" : `a ${mask.dtype} tensor`) : typeof mask === "string" ? JSON.stringify(mask) : String(mask);
      throw new ValidationError(`${base.name}.mask`, `the mask must be true, false or a boolean (or 0/1) tensor, got ${got}`);
    }
    if (typeof mask === "boolean") {
      this.maskValue = mask;
      this.batchShape = [...base.batchShape];
    } else {
      this.maskValue = mask.dtype === "bool" ? mask : tf.tidy(() => tf.notEqual(mask, 0));
      this.batchShape = broadcastShapes(`${base.name}.mask`, base.batchShape, mask.shape);
    }
    this.eventShape = base.eventShape;
    this.support = base.support;
    this.argConstraints = base.argConstraints;
    this.hasRsample = base.hasRsample;
  }

  private get broadcastBase(): Distribution<S> {
    return shapesEqual(this.base.batchShape, this.batchShape) ? this.base : this.base.expand(this.batchShape);
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return this.broadcastBase.sample(sampleShape, seed);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return this.broadcastBase.rsample(sampleShape, seed);
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const lp = this.base.logProb(value);
      return applyMask(lp, this.maskValue, `${this.name}.logProb`);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.base.mean, this.shape()));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.base.variance, this.shape()));
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.base.entropy(), this.batchShape));
  }

  override expand(batchShape: number[]): MaskedDistribution<S> {
    return new MaskedDistribution(this.base.expand(batchShape), this.maskValue);
  }
}

/**
 * `x` where `mask` is true and exactly 0 where it is false, broadcast to the joint shape; the
 * gradient is 0 where the mask is false.
 *
 * @internal
 */
export function applyMask(x: tf.Tensor, mask: tf.Tensor | boolean, where: string): tf.Tensor {
  return tf.tidy(() => {
    if (mask === true) return tf.clone(x);
    if (mask === false) return tf.zerosLike(x);
    const shape = broadcastShapes(where, x.shape, mask.shape);
    const xb = shapesEqual(x.shape, shape) ? x : tf.broadcastTo(x, shape);
    return tf.where(tf.broadcastTo(mask, shape), xb, tf.zeros(shape));
  });
}
