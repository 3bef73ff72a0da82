/**
 * Unit: a "distribution" whose log-density is a given tensor, for `factor` and
 * `deterministic` sites.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Seed } from "../math/rng.js";
import { type Constraint, real } from "./constraints.js";
import { Distribution } from "./distribution.js";

/**
 * A site-only distribution: `logProb` of any value is `logFactor` (batch shape = its shape),
 * and a draw is `value` (zeros when not given). Not a probability distribution: it adds an
 * arbitrary term to the log joint (`factor`) or records a computed value (`deterministic`,
 * with log-factor 0).
 *
 * @example
 * ```ts
 * new UnitDistribution(tf.scalar(-1.5)).logProb(tf.scalar(0)); // −1.5
 * ```
 */
export class UnitDistribution extends Distribution<"real"> {
  readonly name = "Unit";
  readonly batchShape: number[];
  readonly eventShape: number[];
  readonly support: Constraint<"real"> = real;
  readonly argConstraints: Readonly<Record<string, Constraint>> = {};
  readonly hasRsample = true;

  /**
   * @param logFactor - the log-density every value gets
   * @param value - the value a draw returns (a deterministic site's value)
   */
  constructor(
    readonly logFactor: tf.Tensor,
    readonly value?: tf.Tensor,
  ) {
    super();
    this.batchShape = logFactor.shape;
    this.eventShape = value === undefined ? [] : value.shape.slice(logFactor.rank);
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return this.rsample(sampleShape, seed);
  }

  override rsample(sampleShape: number[] = [], _seed?: Seed): tf.Tensor {
    return tf.tidy(() => (this.value === undefined ? tf.zeros(this.shape(sampleShape)) : tf.broadcastTo(this.value, this.shape(sampleShape))));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.logFactor, value.shape.slice(0, value.rank - this.eventShape.length)));
  }

  get mean(): tf.Tensor {
    return this.rsample();
  }

  get variance(): tf.Tensor {
    return tf.zeros(this.shape());
  }
}
