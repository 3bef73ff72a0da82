/**
 * TransformedDistribution: push a base distribution through bijective transforms.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors.js";
import type { Seed } from "../math/rng.js";
import { expandShape, formatShape } from "../math/shape.js";
import { sumRightmost } from "../math/special.js";
import { stopGradient } from "../math/stop-gradient.js";
import { type Constraint, real, type SupportTag } from "./constraints.js";
import { Distribution } from "./distribution.js";
import {
  codomainEventRank,
  composeTransform,
  domainEventRank,
  type Transform,
  transformForwardShape,
} from "./transforms.js";

/**
 * The distribution of y = T(x), x ~ base, for a bijection T (one transform or a list applied
 * in order).
 *
 * - density by change of variables: log p(y) = log p_base(T⁻¹(y)) − log |det J_T(T⁻¹(y))|
 * - support: the last transform's `codomain` (all reals when it declares none); parameters:
 *   the base's
 * - `sample` and `rsample` push the base's draws through T; reparameterized when the base is
 *   (gradients flow through T and its parameters)
 * - mean, variance and entropy have no closed form in general and throw
 *
 * Event shape: a transform that acts on vectors (stick-breaking, lowerCholesky) turns the
 * base's rightmost batch dimensions into event dimensions when the base has fewer event
 * dimensions than it needs (as Pyro does).
 *
 * @typeParam S - the support tag, from the last transform's codomain
 * @example
 * ```ts
 * const logNormal = new TransformedDistribution(Normal(0, 1), [expTransform]);
 * logNormal.logProb(tf.scalar(1)); // −½ log 2π
 * ```
 */
export class TransformedDistribution<S extends SupportTag = SupportTag> extends Distribution<S> {
  readonly name: string;
  readonly batchShape: number[];
  readonly eventShape: number[];
  readonly support: Constraint<S>;
  readonly argConstraints: Readonly<Record<string, Constraint>>;
  readonly hasRsample: boolean;
  /** The transforms, in the order they are applied. */
  readonly transforms: readonly Transform[];
  /** The composite of the transforms. */
  readonly transform: Transform<S>;
  // base batch dimensions the transform reads as event dimensions, and base event dimensions
  // it leaves as extra event dimensions around its own
  private readonly absorbed: number;
  private readonly extraEvent: number;

  /**
   * @param base - the distribution of x
   * @param transforms - T as one transform or a list applied in order
   */
  constructor(
    readonly base: Distribution,
    transforms: Transform<S> | readonly [...Transform[], Transform<S>],
  ) {
    super();
    this.transforms = Array.isArray(transforms) ? [...transforms] : [transforms as Transform];
    this.transform = composeTransform(this.transforms as [...Transform[], Transform<S>]);
    const t = this.transform;
    const d = domainEventRank(t);
    const e = base.eventShape.length;
    this.absorbed = Math.max(d - e, 0);
    this.extraEvent = Math.max(e - d, 0);
    if (this.absorbed > base.batchShape.length) {
      throw new ShapeError(
        "TransformedDistribution",
        `the transform ${t.name} acts on ${d}-dimensional events, but ${base.name} has batch shape ` +
          `${formatShape(base.batchShape)} and event shape ${formatShape(base.eventShape)}`,
      );
    }
    const full = transformForwardShape(t, [...base.batchShape, ...base.eventShape]);
    const eventRank = codomainEventRank(t) + this.extraEvent;
    this.batchShape = full.slice(0, full.length - eventRank);
    this.eventShape = full.slice(full.length - eventRank);
    this.name = `Transformed(${base.name})`;
    this.support = t.codomain ?? (real as unknown as Constraint<S>);
    this.argConstraints = base.argConstraints;
    this.hasRsample = base.hasRsample;
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.transform.forward(this.base.sample(sampleShape, seed))));
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => this.transform.forward(this.base.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const x = this.transform.inverse(value);
      const lp = sumRightmost(this.base.logProb(x), this.absorbed);
      const ld = sumRightmost(this.transform.logAbsDetJacobian(x), this.extraEvent);
      return tf.sub(lp, ld);
    });
  }

  /** @throws Error: the mean of a transformed distribution has no closed form in general */
  get mean(): tf.Tensor {
    throw new Error(`${this.name}: the mean has no closed form; estimate it from samples`);
  }

  /** @throws Error: the variance of a transformed distribution has no closed form in general */
  get variance(): tf.Tensor {
    throw new Error(`${this.name}: the variance has no closed form; estimate it from samples`);
  }

  override expand(batchShape: number[]): TransformedDistribution<S> {
    const shape = expandShape(`${this.name}.expand`, this.batchShape, batchShape);
    const b = this.base.batchShape;
    const inner = b.slice(b.length - this.absorbed);
    return new TransformedDistribution<S>(this.base.expand([...shape, ...inner]), this.transforms as [...Transform[], Transform<S>]);
  }
}

/**
 * Create the distribution of T(x), x ~ base, for one transform or a list applied in order.
 *
 * ```
 * log p(y) = log p_base(T⁻¹(y)) − log |det J_T(T⁻¹(y))|
 * ```
 *
 * @param base - the distribution of x
 * @param transforms - the bijection T (a transform or a list of them)
 * @example
 * ```ts
 * const logitNormal = Transformed(Normal(0, 1), sigmoidTransform(0, 1)); // support (0, 1)
 * const dirichletLike = Transformed(Normal(tf.zeros([3]), 1), stickBreakingTransform); // on the simplex in ℝ⁴
 * ```
 */
export function Transformed<S extends SupportTag>(
  base: Distribution,
  transforms: Transform<S> | readonly [...Transform[], Transform<S>],
): TransformedDistribution<S>;
/**
 * Create the distribution of T(x) from a list of transforms whose last element is not known
 * statically (an array rather than a tuple): the support tag is then any tag.
 *
 * @param base - the distribution of x
 * @param transforms - the transforms, applied in order
 * @example
 * ```ts
 * const parts: Transform[] = [affineTransform(0, 2), expTransform];
 * Transformed(Normal(0, 1), parts).support; // positive (at run time)
 * ```
 */
export function Transformed(base: Distribution, transforms: readonly Transform[]): TransformedDistribution;
export function Transformed(base: Distribution, transforms: Transform | readonly Transform[]): TransformedDistribution {
  return new TransformedDistribution(base, transforms as Transform | readonly [...Transform[], Transform]);
}
