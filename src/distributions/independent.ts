/**
 * Independent: reinterpret batch dimensions as event dimensions (Pyro's `to_event`).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors.js";
import type { Seed } from "../math/rng.js";
import { formatShape } from "../math/shape.js";
import { sumRightmost } from "../math/special.js";
import type { Constraint, SupportTag } from "./constraints.js";
import { Distribution } from "./distribution.js";

/**
 * A distribution whose rightmost `reinterpreted` batch dimensions are event dimensions.
 *
 * log p(x) = Σ over the reinterpreted dimensions of base.logProb(x); mean and variance are the
 * base's; entropy is summed the same way. Build it with `d.toEvent(n)`.
 *
 * @example
 * ```ts
 * const d = Normal(tf.zeros([128, 20]), 1).toEvent(1);
 * d.batchShape; // [128]
 * d.eventShape; // [20]
 * ```
 */
export class IndependentDistribution<S extends SupportTag = SupportTag> extends Distribution<S> {
  readonly name: string;
  readonly batchShape: number[];
  readonly eventShape: number[];
  readonly support: Constraint<S>;
  readonly argConstraints: Readonly<Record<string, Constraint>>;
  readonly hasRsample: boolean;

  /**
   * @param base - the distribution whose batch dimensions are reinterpreted
   * @param reinterpreted - how many rightmost batch dimensions become event dimensions
   */
  constructor(
    readonly base: Distribution<S>,
    readonly reinterpreted: number,
  ) {
    super();
    const b = base.batchShape;
    if (!Number.isInteger(reinterpreted) || reinterpreted < 0 || reinterpreted > b.length) {
      throw new ShapeError(
        `${base.name}.toEvent`,
        `n must be an integer in [0, ${b.length}] (the batch rank of batchShape ${formatShape(b)}), got ${reinterpreted}`,
      );
    }
    this.name = `Independent(${base.name})`;
    this.batchShape = b.slice(0, b.length - reinterpreted);
    this.eventShape = [...b.slice(b.length - reinterpreted), ...base.eventShape];
    this.support = base.support;
    this.argConstraints = base.argConstraints;
    this.hasRsample = base.hasRsample;
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return this.base.sample(sampleShape, seed);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return this.base.rsample(sampleShape, seed);
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => sumRightmost(this.base.logProb(value), this.reinterpreted));
  }

  get mean(): tf.Tensor {
    return this.base.mean;
  }

  get variance(): tf.Tensor {
    return this.base.variance;
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => sumRightmost(this.base.entropy(), this.reinterpreted));
  }

  override toEvent(n = 1): Distribution<S> {
    return new IndependentDistribution(this.base, this.reinterpreted + n);
  }

  override expand(batchShape: number[]): Distribution<S> {
    const inner = this.base.batchShape.slice(this.base.batchShape.length - this.reinterpreted);
    return new IndependentDistribution(this.base.expand([...batchShape, ...inner]), this.reinterpreted);
  }
}
