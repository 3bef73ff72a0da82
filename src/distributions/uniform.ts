/**
 * The continuous Uniform distribution on [low, high].
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ValidationError } from "../errors.js";
import { customOp } from "../math/custom-op.js";
import { seedValue, type Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { type Constraint, type IntervalConstraint, real } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";
import { sumToShape } from "../math/sum-to-shape.js";
import { restrictToSupport } from "./support-mask.js";
import { validationEnabled } from "./validation.js";

/**
 * The support of one Uniform: [low, high], checked elementwise against the (broadcast) bounds.
 *
 * With scalar bounds it is an {@link IntervalConstraint} whose `low` and `high` numbers are read
 * from the tensors when first asked for (so `biject` maps the reals onto it); with batched bounds it
 * is a plain `Constraint<"interval">`.
 */
function intervalSupport(low: tf.Tensor, high: tf.Tensor): Constraint<"interval"> {
  const check = (x: tf.Tensor): tf.Tensor =>
    tf.tidy(() => tf.logicalAnd(tf.greaterEqual(x, low), tf.lessEqual(x, high)));
  if (low.size !== 1 || high.size !== 1) {
    return { tag: "interval", description: "in [low, high] of its Uniform", eventRank: 0, check };
  }
  let bounds: [number, number] | undefined;
  const read = (): [number, number] => (bounds ??= [low.dataSync()[0]!, high.dataSync()[0]!]);
  const support: IntervalConstraint = {
    tag: "interval",
    eventRank: 0,
    check,
    get description() {
      return `in [${read()[0]}, ${read()[1]}]`;
    },
    get low() {
      return read()[0];
    },
    get high() {
      return read()[1];
    },
  };
  return support;
}

// x = low + (high − low)·u, kept inside [low, high] despite rounding (fl(low + (high − low)·u) can exceed
// high by an ulp when u rounds to 1), with the exact pathwise gradient of the unclamped map:
// ∂x/∂low = 1 − u, ∂x/∂high = u. The clamp is in the forward pass only; the gradient is analytic.
const uniformFromUnit = customOp(([low, high, u], save) => {
  save([u!]);
  const lowShape = low!.shape;
  const highShape = high!.shape;
  const raw = tf.add(low!, tf.mul(tf.sub(high!, low!), u!));
  const value = tf.minimum(tf.maximum(raw, low!), high!);
  return {
    value,
    gradFunc: (dy, [s]) => [
      sumToShape(tf.mul(dy, tf.sub(1, s!)), lowShape),
      sumToShape(tf.mul(dy, s!), highShape),
      tf.zerosLike(s!),
    ],
  };
});

/**
 * Uniform(low, high): density p(x) = 1 / (high − low) on low ≤ x ≤ high, 0 elsewhere.
 *
 * - support: the closed interval [low, high] (tag `"interval"`, one constraint per instance);
 *   parameters: `low` a (real), `high` b (real), with a < b elementwise
 * - mean (a + b)/2, variance (b − a)²/12, entropy log(b − a); the width is formed as
 *   2·(b/2 − a/2), so it does not overflow for bounds near ±3.4·10³⁸
 * - reparameterized: x = a + (b − a) u, u ~ U(0, 1), with ∂x/∂a = 1 − u and ∂x/∂b = u; draws are
 *   always inside [a, b]
 * - `logProb` is −∞ outside [a, b] (with a zero gradient there)
 *
 * @example
 * ```ts
 * const d = new UniformDistribution(tf.zeros([2]), tf.tensor([1, 4]));
 * d.logProb(tf.tensor([0.5, 5])); // [0, −∞]
 * ```
 */
export class UniformDistribution extends Distribution<"interval"> {
  readonly name = "Uniform";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"interval">;
  readonly argConstraints = {
    /** The lower bound a is any real number below `high`. */
    low: real,
    /** The upper bound b is any real number above `low`. */
    high: real,
  };
  readonly hasRsample = true;

  /**
   * @param low - lower bound a (a float32 tensor)
   * @param high - upper bound b > a (a float32 tensor)
   * @param batchShape - a batch shape that low and high broadcast to (default: their broadcast)
   */
  constructor(
    readonly low: tf.Tensor,
    readonly high: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("Uniform", low.shape, high.shape, batchShape ?? []);
    this.support = intervalSupport(low, high);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      const u = tf.randomUniform(this.shape(sampleShape), 0, 1, "float32", seedValue(seed));
      return uniformFromUnit(this.low, this.high, u);
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const lp = restrictToSupport(tf.neg(this.logWidth()), value, (x) =>
        tf.logicalAnd(tf.greaterEqual(x, this.low), tf.lessEqual(x, this.high)),
      );
      const target = broadcastShapes("Uniform.logProb", value.shape, this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.mul(this.low, 0.5), tf.mul(this.high, 0.5)), this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(tf.square(this.halfWidth()), 3), this.batchShape));
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.logWidth(), this.batchShape));
  }

  override expand(batchShape: number[]): UniformDistribution {
    return new UniformDistribution(this.low, this.high, expandShape("Uniform.expand", this.batchShape, batchShape));
  }

  /** (b − a)/2 as b/2 − a/2: halving is exact, and the difference cannot overflow. */
  private halfWidth(): tf.Tensor {
    return tf.sub(tf.mul(this.high, 0.5), tf.mul(this.low, 0.5));
  }

  /** log(b − a), in the parameters' broadcast shape. */
  private logWidth(): tf.Tensor {
    return tf.add(tf.log(this.halfWidth()), Math.LN2);
  }
}

/**
 * Create a Uniform(low, high) distribution from numbers, arrays or tensors.
 *
 * ```
 * p(x) = 1 / (high − low),   low ≤ x ≤ high
 * ```
 *
 * Mean (low + high)/2, variance (high − low)²/12, entropy log(high − low); reparameterized
 * (`rsample`).
 *
 * @param low - lower bound; any real number
 * @param high - upper bound; must exceed `low` elementwise (checked when validation is on)
 * @example
 * ```ts
 * const u = Uniform(0, 1).sample([3]);
 * Uniform([0, 0], [1, 2]).entropy(); // [0, log 2]
 * ```
 */
export function Uniform(low: TensorLike, high: TensorLike): UniformDistribution {
  const lo = param("Uniform", "low", low, real);
  const hi = param("Uniform", "high", high, real);
  const shape = broadcastShapes("Uniform", lo.shape, hi.shape);
  if (validationEnabled()) {
    const ok = tf.tidy(() => tf.broadcastTo(tf.less(lo, hi), shape));
    const okValues = ok.dataSync();
    ok.dispose();
    const bad = okValues.findIndex((v) => !v);
    if (bad >= 0) {
      const at = indexOf(bad, shape);
      const a = tf.tidy(() => tf.broadcastTo(lo, shape).dataSync()[bad]!);
      const b = tf.tidy(() => tf.broadcastTo(hi, shape).dataSync()[bad]!);
      const pos = at.length > 0 ? ` at [${at.join(",")}]` : "";
      throw new ValidationError("Uniform", `'low' must be less than 'high', got low = ${a}, high = ${b}${pos}`);
    }
  }
  return new UniformDistribution(lo, hi);
}

function indexOf(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = shape.length - 1; k >= 0; k--) {
    const d = shape[k]!;
    idx[k] = flat % d;
    flat = Math.floor(flat / d);
  }
  return idx;
}
