/**
 * Building blocks for piecewise formulas that tfjs autodiff can differentiate: a branch mask that
 * autodiff treats as a constant, an accurate log1p with a gradient, and log1p(t)/t.
 *
 * tfjs has no gradient for comparison kernels, so `tf.where(tf.less(x, 1), a, b)` throws
 * "gradient function not found for Less" as soon as `x` depends on a differentiated tensor. The mask
 * below computes the comparison inside a custom op's forward pass (which tfjs does not record) and
 * gives it the derivative it has almost everywhere, zero. Each branch must still be evaluated on
 * inputs that keep it finite where it is not selected (the "double where"), since where's gradient
 * multiplies the unselected branch's local derivative by 0 and 0·∞ is NaN.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp } from "./custom-op.js";
import { xlog1py } from "./xlogy.js";

/**
 * The boolean tensor `predicate(x)`, seen by autodiff as a constant (zero gradient to `x`).
 *
 * @param x - the tensor the predicate reads (may depend on differentiated tensors)
 * @param predicate - elementwise comparison returning a boolean tensor of x's shape
 * @example
 * ```ts
 * const small = branchMask(x, (v) => tf.less(tf.abs(v), 1));
 * tf.where(small, series(tf.where(small, x, 0)), closedForm(tf.where(small, 1, x)));
 * ```
 */
export function branchMask(x: tf.Tensor, predicate: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  const shape = x.shape;
  return customOp(([v]) => ({
    value: tf.tidy(() => predicate(v!)),
    gradFunc: () => [tf.zeros(shape)],
  }))(x);
}

/**
 * log(1 + x) elementwise, accurate to a few ulps on every backend, with gradient 1/(1 + x).
 *
 * tf.log1p is inaccurate on tfjs-backend-wasm for small |x|, and `log1p` in ./log1p.js has no
 * usable gradient; this is x·log1p(y) with x = 1 (see `xlog1py`), which has both.
 *
 * @example
 * ```ts
 * tf.grad(log1pDiff)(tf.scalar(1e-10)); // 1
 * ```
 */
export function log1pDiff(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => xlog1py(tf.scalar(1), x));
}

// g(t) = log1p(t)/t = Σⱼ (−t)ʲ/(j + 1) and g′(t) = Σⱼ≥₁ (−1)ʲ j tʲ⁻¹/(j + 1) for |t| < G_SERIES; the series
// of g′ truncated after 12 terms errs by < 0.1¹²·12/13 ≈ 1e−12 there.
const G_SERIES = 0.1;
const G_PRIME = Array.from({ length: 12 }, (_, i) => ((-1) ** (i + 1) * (i + 1)) / (i + 2));

/** Horner evaluation of Σᵢ cᵢ sⁱ with float32 tfjs ops. */
export function polyval(coeffs: readonly number[], s: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    let r: tf.Tensor = tf.scalar(coeffs[coeffs.length - 1]!);
    for (let i = coeffs.length - 2; i >= 0; i--) r = tf.add(tf.mul(r, s), coeffs[i]!);
    return r;
  });
}

function log1pRatioValue(t: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    // Kahan: with u = fl(1 + t), log1p(t)/t = log(u)/(u − 1) (u − 1 exact) when u ≠ 1, and 1 when u = 1.
    const u = tf.add(t, 1);
    const d = tf.sub(u, 1);
    const one = tf.equal(d, 0);
    const inf = tf.equal(u, Infinity);
    const safeD = tf.where(tf.logicalOr(one, inf), tf.onesLike(d), d);
    const r = tf.where(one, tf.onesLike(t), tf.div(tf.log(u), safeD));
    return tf.where(inf, tf.zerosLike(t), r);
  });
}

const log1pRatioOp = customOp(([t], save) => {
  const value = log1pRatioValue(t!);
  save([t!, value]);
  return {
    value,
    gradFunc: (dy, [st, sg]) =>
      tf.tidy(() => {
        const small = tf.less(tf.abs(st!), G_SERIES);
        const ts = tf.where(small, st!, tf.zerosLike(st!));
        const series = polyval(G_PRIME, ts);
        // g′(t) = (1/(1 + t) − g(t))/t, cancellation ≤ ~20 ulps at |t| = 0.1.
        const tl = tf.where(small, tf.onesLike(st!), st!);
        const closed = tf.div(tf.sub(tf.reciprocal(tf.add(tl, 1)), tf.where(small, tf.onesLike(sg!), sg!)), tl);
        return [tf.mul(dy, tf.where(small, series, closed))];
      }),
  };
});

/**
 * g(t) = log(1 + t)/t elementwise for t > −1, with g(0) = 1; gradient g′(t) = (1/(1 + t) − g(t))/t
 * (a series near 0).
 *
 * Relative accuracy of a few ulps everywhere (Kahan's log(u)/(u − 1) with u = fl(1 + t)); +∞ gives 0.
 *
 * @example
 * ```ts
 * log1pRatio(tf.tensor([0, 1e-8, 1])); // [1, 1, log 2]
 * ```
 */
export function log1pRatio(t: tf.Tensor): tf.Tensor {
  return log1pRatioOp(t);
}

/**
 * Run `fn` so that its result is not connected to tfjs's gradient tape: a tensor that autodiff sees as
 * a constant, with no recorded ops behind it.
 *
 * Use it for draws of discrete or non-reparameterized samples: a plain `stopGradient` still leaves the
 * ops that made the draw (comparisons, which have no gradient) on the tape, and any gradient taken
 * through a later use of the draw would then fail with "gradient function not found".
 *
 * @example
 * ```ts
 * const k = detached(() => tf.sum(tf.cast(tf.less(cdf, u), "float32"), -1));
 * ```
 */
export function detached(fn: () => tf.Tensor): tf.Tensor {
  return customOp(() => ({ value: tf.tidy(fn), gradFunc: () => [] }))();
}
