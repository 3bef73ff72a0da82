/**
 * Log-densities restricted to a support, differentiable in tfjs.
 *
 * A mask such as `x ≥ 0` is a comparison op, and tfjs autodiff has no gradient for comparison
 * kernels: `tf.where(tf.greaterEqual(x, 0), lp, −∞)` throws "gradient function not found for
 * GreaterEqual" as soon as x (or a parameter in the test) is differentiated. These two custom ops
 * compute the mask inside their forward pass (which tfjs does not record) and give it the
 * derivative it has almost everywhere, zero.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { sumToShape } from "../math/sum-to-shape.js";

/** A membership test: a boolean tensor (broadcastable against its input) telling where `x` lies in the support. */
export type InsideFn = (x: tf.Tensor) => tf.Tensor;


/**
 * `where(inside(value), lp, −∞)`, broadcasting `lp` against the mask.
 *
 * Gradient: `dy` flows to `lp` where the value is inside the support and is 0 elsewhere; `value`
 * receives 0 from the mask (the indicator is constant almost everywhere). Parameters used by
 * `inside` (the bounds of a Uniform) get no gradient from the mask either.
 *
 * @example
 * ```ts
 * restrictToSupport(lp, x, (v) => tf.greaterEqual(v, 0)); // −∞ where x < 0
 * ```
 */
export function restrictToSupport(lp: tf.Tensor, value: tf.Tensor, inside: InsideFn): tf.Tensor {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [l, v, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const lShape = l.shape;
    const vShape = v.shape;
    const mask = inside(v);
    const out = tf.where(mask, l, tf.scalar(-Infinity));
    save([mask]);
    return {
      value: out,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const m = saved[0]!;
        return [sumToShape(tf.where(m, dy, tf.zerosLike(dy)), lShape), tf.zeros(vShape)];
      },
    };
  }) as (l: tf.Tensor, v: tf.Tensor) => tf.Tensor;
  return op(lp, value);
}

/**
 * `where(inside(value), value, safe)`: the value with points outside the support replaced by a
 * harmless one, so that a log-density formula evaluated on it stays finite (and its gradient is not
 * NaN) before {@link restrictToSupport} puts −∞ there (the "double where").
 *
 * Gradient: `dy` where inside, 0 elsewhere.
 *
 * @example
 * ```ts
 * const xs = replaceOutside(x, (v) => tf.greater(v, 0), 1); // log(xs) is finite
 * ```
 */
export function replaceOutside(value: tf.Tensor, inside: InsideFn, safe: number): tf.Tensor {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [v, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const vShape = v.shape;
    const mask = inside(v);
    const out = tf.where(mask, v, tf.scalar(safe));
    save([mask]);
    return {
      value: out,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const m = saved[0]!;
        return [sumToShape(tf.where(m, dy, tf.zerosLike(dy)), vShape)];
      },
    };
  }) as (v: tf.Tensor) => tf.Tensor;
  return op(value);
}

/**
 * A piecewise-constant function of differentiated tensors (an indicator, a `0 / ±∞` penalty):
 * `fn(...inputs)` in the forward pass, gradient 0 for every input.
 *
 * @example
 * ```ts
 * const inf = piecewiseConstant((a, b) => tf.where(tf.less(a, b), tf.scalar(0), tf.scalar(Infinity)), a, b);
 * ```
 */
export function piecewiseConstant(fn: (...inputs: tf.Tensor[]) => tf.Tensor, ...inputs: tf.Tensor[]): tf.Tensor {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const xs = args.slice(0, -1) as tf.Tensor[];
    const shapes = xs.map((x) => x.shape);
    return {
      value: fn(...xs),
      gradFunc: () => shapes.map((s) => tf.zeros(s)),
    };
  }) as (...xs: tf.Tensor[]) => tf.Tensor;
  return op(...inputs);
}
