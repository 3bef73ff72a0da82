/**
 * Expanded: broadcast a distribution to a larger batch shape with independent draws.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Seed } from "../math/rng.js";
import { expandShape, shapesEqual } from "../math/shape.js";
import type { Constraint, SupportTag } from "./constraints.js";
import { Distribution } from "./distribution.js";

/**
 * A distribution broadcast to a larger batch shape: new leading dimensions, or size-1
 * dimensions grown, each new slot an independent draw with the base's parameters.
 *
 * Built-in families broadcast their parameters instead; this wrapper serves user-defined
 * distributions, which get `expand` without writing it.
 *
 * @example
 * ```ts
 * const d = new ExpandedDistribution(myDist, [10, 3]);
 * d.sample().shape; // [10, 3, ...eventShape]
 * ```
 */
export class ExpandedDistribution<S extends SupportTag = SupportTag> extends Distribution<S> {
  readonly name: string;
  readonly batchShape: number[];
  readonly eventShape: number[];
  readonly support: Constraint<S>;
  readonly argConstraints: Readonly<Record<string, Constraint>>;
  readonly hasRsample: boolean;
  private readonly leading: number[];
  private readonly grown: number[];

  /**
   * @param base - the distribution to broadcast
   * @param batchShape - the new batch shape; the base's batch shape must broadcast to it
   */
  constructor(
    readonly base: Distribution<S>,
    batchShape: number[],
  ) {
    super();
    const b = base.batchShape;
    this.batchShape = expandShape(`${base.name}.expand`, b, batchShape);
    this.name = base.name;
    this.eventShape = base.eventShape;
    this.support = base.support;
    this.argConstraints = base.argConstraints;
    this.hasRsample = base.hasRsample;
    const offset = batchShape.length - b.length;
    this.leading = batchShape.slice(0, offset);
    this.grown = [];
    for (let i = 0; i < b.length; i++) {
      if (b[i] === 1 && batchShape[offset + i] !== 1) this.grown.push(i);
    }
  }

  private draw(sampleShape: number[], seed: Seed | undefined, pathwise: boolean): tf.Tensor {
    return tf.tidy(() => {
      const b = this.base.batchShape;
      const offset = this.batchShape.length - b.length;
      const grownSizes = this.grown.map((i) => this.batchShape[offset + i]!);
      const extra = [...sampleShape, ...this.leading, ...grownSizes];
      const raw = pathwise ? this.base.rsample(extra, seed) : this.base.sample(extra, seed);
      if (this.grown.length === 0) return raw;
      // raw: S ++ L ++ G ++ b ++ E. Move each grown axis next to its size-1 batch axis, then
      // merge the pair by a reshape.
      const s = sampleShape.length + this.leading.length;
      const perm: number[] = [];
      for (let k = 0; k < s; k++) perm.push(k);
      const g = this.grown.length;
      for (let i = 0; i < b.length; i++) {
        const gi = this.grown.indexOf(i);
        if (gi >= 0) perm.push(s + gi);
        perm.push(s + g + i);
      }
      for (let k = s + g + b.length; k < raw.rank; k++) perm.push(k);
      return tf.reshape(tf.transpose(raw, perm), this.shape(sampleShape));
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return this.draw(sampleShape, seed, false);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return this.draw(sampleShape, seed, true);
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const lp = this.base.logProb(value);
      const target = value.shape.slice(0, value.rank - this.eventShape.length);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
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

  override expand(batchShape: number[]): Distribution<S> {
    return new ExpandedDistribution(this.base, batchShape);
  }
}
