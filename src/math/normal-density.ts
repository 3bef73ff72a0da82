/**
 * The Normal log-density and the Normal–Normal KL as single ops with hand-written gradients.
 *
 * Written with tfjs's elementary ops, each would put a dozen kernels on the gradient tape, and
 * tfjs's backward pass adds about as many Identity, Reshape and Cast kernels again; on small
 * models that dispatch overhead, not the arithmetic, is the cost of a training step. As custom
 * ops their forward pass is not taped and their backward pass is a few kernels.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp } from "./custom-op.js";
import { sumToShape } from "./sum-to-shape.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

const normalLogDensityOp = customOp(([x, loc, scale], save) => {
  const z = tf.div(tf.sub(x!, loc!), scale!);
  save([z, scale!]);
  const value = tf.sub(tf.mul(tf.square(z), -0.5), tf.add(tf.log(scale!), HALF_LOG_2PI));
  return {
    value,
    gradFunc: (dy, [sz, ss]) => {
      // ∂/∂x = −z/σ, ∂/∂μ = z/σ, ∂/∂σ = (z² − 1)/σ
      const w = tf.div(tf.mul(dy, sz!), ss!);
      return [
        sumToShape(tf.neg(w), x!.shape),
        sumToShape(w, loc!.shape),
        sumToShape(tf.div(tf.mul(dy, tf.sub(tf.square(sz!), 1)), ss!), scale!.shape),
      ];
    },
  };
});

/**
 * log N(x; μ, σ) = −½ ((x − μ)/σ)² − log σ − ½ log 2π, elementwise with broadcasting, as one op
 * with the gradients ∂/∂x = −z/σ, ∂/∂μ = z/σ, ∂/∂σ = (z² − 1)/σ (z = (x − μ)/σ).
 *
 * @example
 * ```ts
 * normalLogDensity(tf.tensor([0, 1]), tf.scalar(0), tf.scalar(1)); // [−0.919, −1.419]
 * ```
 */
export function normalLogDensity(x: tf.Tensor, loc: tf.Tensor, scale: tf.Tensor): tf.Tensor {
  return normalLogDensityOp(x, loc, scale);
}

const klNormalOp = customOp(([pLoc, pScale, qLoc, qScale], save) => {
  // t = 2 log(σp/σq), d = (μp − μq)/σq: KL = ½ (e^t − 1 − t) + ½ d²
  const t = tf.mul(tf.sub(tf.log(pScale!), tf.log(qScale!)), 2);
  const em1 = tf.expm1(t);
  const d = tf.div(tf.sub(pLoc!, qLoc!), qScale!);
  save([em1, d, pScale!, qScale!]);
  const value = tf.mul(tf.add(tf.sub(em1, t), tf.square(d)), 0.5);
  return {
    value,
    gradFunc: (dy, [se, sd, sp, sq]) => {
      // ∂/∂μp = d/σq = −∂/∂μq,  ∂/∂σp = (e^t − 1)/σp,  ∂/∂σq = −(e^t − 1 + d²)/σq
      const dLoc = tf.div(tf.mul(dy, sd!), sq!);
      return [
        sumToShape(dLoc, pLoc!.shape),
        sumToShape(tf.div(tf.mul(dy, se!), sp!), pScale!.shape),
        sumToShape(tf.neg(dLoc), qLoc!.shape),
        sumToShape(tf.neg(tf.div(tf.mul(dy, tf.add(se!, tf.square(sd!))), sq!)), qScale!.shape),
      ];
    },
  };
});

/**
 * KL(N(μp, σp²) ‖ N(μq, σq²)) = ½ (e^t − 1 − t) + ½ ((μp − μq)/σq)² with t = 2 log(σp/σq),
 * elementwise with broadcasting, as one op with hand-written gradients.
 *
 * `expm1` makes the first term cancel well near σp = σq: KL(p ‖ p) is exactly 0 in float32.
 *
 * @example
 * ```ts
 * klNormal(tf.scalar(0), tf.scalar(1), tf.scalar(1), tf.scalar(2)); // 0.443
 * ```
 */
export function klNormal(pLoc: tf.Tensor, pScale: tf.Tensor, qLoc: tf.Tensor, qScale: tf.Tensor): tf.Tensor {
  return klNormalOp(pLoc, pScale, qLoc, qScale);
}
