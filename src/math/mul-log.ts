/**
 * c·log y and c·log1p(y) with 0·log 0 = 0, for a multiplier c that is itself differentiated (a
 * distribution's `concentration − 1`).
 *
 * `xlogy` follows TensorFlow's convention ∂/∂c = 0 where c = 0, which is right for a weight that is a
 * value (a probability) but wrong for c = α − 1 at α = 1, where d/dα[(α − 1) log x] = log x. These ops keep
 * xlogy's value and its ∂/∂y (0 where c = 0, so no 0·∞) but give ∂/∂c = log y (resp. log1p(y)) everywhere.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { log1p } from "./log1p.js";

/** Sums a broadcast gradient back to `shape`. */
function sumToShape(g: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, g.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, shape);
}

/** `dlog(c, y)` is c·L′(y), formed as a quotient (c/y, not c·(1/y), which overflows for subnormal y). */
function makeOp(log: (y: tf.Tensor) => tf.Tensor, dlog: (c: tf.Tensor, y: tf.Tensor) => tf.Tensor, safe: number) {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [c, y, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const cShape = c.shape;
    const yShape = y.shape;
    const zero = tf.equal(c, 0);
    const logY = log(y);
    const value = tf.where(zero, tf.scalar(0), tf.mul(c, logY));
    const ySafe = tf.where(zero, tf.scalar(safe), y);
    save([tf.broadcastTo(c, value.shape), tf.broadcastTo(logY, value.shape), ySafe, zero]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sc, sl, sy, sz] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const gc = tf.mul(dy, sl);
        const gy = tf.where(sz, tf.scalar(0), tf.mul(dy, dlog(sc, sy)));
        return [sumToShape(gc, cShape), sumToShape(gy, yShape)];
      },
    };
  }) as (c: tf.Tensor, y: tf.Tensor) => tf.Tensor;
}

const mulLogOp = makeOp(tf.log, (c, y) => tf.div(c, y), 1);
const mulLog1pOp = makeOp(log1p, (c, y) => tf.div(c, tf.add(y, 1)), 0);

/**
 * c·log y elementwise (broadcasting), 0 where c = 0 (even for y = 0); gradient ∂/∂c = log y (always),
 * ∂/∂y = c/y (0 where c = 0).
 *
 * @example
 * ```ts
 * tf.grad((a) => mulLog(tf.sub(a, 1), tf.scalar(0.5)))(tf.scalar(1)); // log 0.5 (xlogy would give 0)
 * ```
 * @internal
 */
export function mulLog(c: tf.Tensor, y: tf.Tensor): tf.Tensor {
  return mulLogOp(c, y);
}

/**
 * c·log(1 + y) elementwise (broadcasting), 0 where c = 0 (even for y = −1), accurate for small |y| on every
 * backend; gradient ∂/∂c = log1p(y) (always), ∂/∂y = c/(1 + y) (0 where c = 0).
 *
 * @example
 * ```ts
 * mulLog1p(tf.scalar(2), tf.scalar(-0.5)); // 2·log 0.5
 * ```
 * @internal
 */
export function mulLog1p(c: tf.Tensor, y: tf.Tensor): tf.Tensor {
  return mulLog1pOp(c, y);
}
