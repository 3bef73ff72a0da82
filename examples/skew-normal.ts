/**
 * A user-defined distribution in one file: the skew-normal of Azzalini (1985).
 *
 *   density  p(x) = (2/ω) φ(z) Φ(α z),  z = (x − ξ)/ω
 *
 * It implements latent's `Distribution` interface, so it works in models and guides, and it is
 * proved with the property kit in test/examples/skew-normal.test.ts (see docs/testing.md).
 */
import {
  broadcastShapes, Distribution, LOG_2PI, ndtr, positive, real, seedValue, stopGradient, tf, validParam, type Constraint, type Seed,
} from "latent";

/** SkewNormal(loc ξ, scale ω, shape α): a Normal tilted by Φ(α z); α = 0 is Normal(ξ, ω). */
export class SkewNormal extends Distribution<"real"> {
  readonly name = "SkewNormal";
  readonly eventShape: number[] = [];
  readonly batchShape: number[];
  readonly support: Constraint<"real"> = real;
  readonly argConstraints = { loc: real, scale: positive, shape: real };
  readonly hasRsample = true;

  constructor(
    readonly loc: tf.Tensor,
    readonly scale: tf.Tensor,
    readonly shape_: tf.Tensor,
  ) {
    super();
    this.batchShape = broadcastShapes("SkewNormal", loc.shape, scale.shape, shape_.shape);
  }

  private get delta(): tf.Tensor {
    return tf.div(this.shape_, tf.sqrt(tf.add(1, tf.square(this.shape_))));
  }

  // x = ξ + ω (δ |u| + √(1 − δ²) v), u, v ~ N(0, 1) independent: pathwise in ξ, ω and α.
  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      const uv = tf.randomNormal([2, ...this.shape(sampleShape)], 0, 1, "float32", seedValue(seed));
      const [u, v] = tf.unstack(uv);
      const d = this.delta;
      const std = tf.add(tf.mul(d, tf.abs(u!)), tf.mul(tf.sqrt(tf.sub(1, tf.square(d))), v!));
      return tf.add(this.loc, tf.mul(this.scale, std));
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  // log p = log 2 − log ω − ½ log 2π − z²/2 + log Φ(α z); ndtr stays accurate far in the tail.
  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const z = tf.div(tf.sub(value, this.loc), this.scale);
      const normal = tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(tf.log(this.scale), 0.5 * LOG_2PI - Math.LN2));
      return tf.add(normal, tf.log(ndtr(tf.mul(this.shape_, z))));
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(this.loc, tf.mul(this.scale, tf.mul(this.delta, Math.sqrt(2 / Math.PI)))), this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() =>
      tf.broadcastTo(tf.mul(tf.square(this.scale), tf.sub(1, tf.mul(2 / Math.PI, tf.square(this.delta)))), this.batchShape),
    );
  }
}

/** Build a SkewNormal from numbers, arrays or tensors, validating each parameter. */
export function skewNormal(loc: number | tf.Tensor, scale: number | tf.Tensor, shape: number | tf.Tensor): SkewNormal {
  return new SkewNormal(
    validParam("SkewNormal", "loc", loc, real),
    validParam("SkewNormal", "scale", scale, positive),
    validParam("SkewNormal", "shape", shape, real),
  );
}
