/**
 * ψ(x + h) − ψ(x) for x > 0, h ≥ 0 as a float32 tfjs op, accurate to a few ulps relative even when h ≪ x
 * (where the difference of two digammas would lose everything): used by the Beta, Dirichlet and Student-t
 * entropies and KL divergences, whose terms (a − 1)·(ψ(a + b) − ψ(a)) are large multiples of it.
 *
 * Method (own derivation): with the upward recurrence ψ(y) = ψ(y + 1) − 1/y,
 *   D(x, h) = D(x + n, h) + Σₖ₌₀ⁿ⁻¹ h/((x + k)(x + k + h)),
 * n the number of k < 8 with x + k < 8 (all terms positive); at z = x + n ≥ 8 the asymptotic series
 * ψ(y) = log y − 1/(2y) − 1/(12y²) + 1/(120y⁴) − 1/(252y⁶) + 1/(240y⁸) − … gives
 *   D(z, h) = log1p(h/z) + ½P₁ + P₂/12 − P₄/120 + P₆/252 − P₈/240,  Pₙ = z⁻ⁿ − (z + h)⁻ⁿ ≥ 0,
 * each Pₙ factored through P₁ = h/(z(z + h)) (P₂ = P₁(1/z + 1/(z + h)), P₄ = P₂(z⁻² + (z + h)⁻²), …), so no
 * difference of nearly equal numbers is ever formed. Truncation: the first omitted term is below 1e−10
 * relative at z = 8.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp } from "./custom-op.js";
import { trigamma } from "./digamma.js";
import { log1p } from "./log1p.js";

/** From here on the asymptotic series is used. */
const ASYMPTOTIC = 8;

function sumToShape(g: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, g.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, shape);
}

function value(x: tf.Tensor, h: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(x.shape, h.shape);
    const xb = tf.broadcastTo(x, shape);
    const hb = tf.broadcastTo(h, shape);
    let acc: tf.Tensor = tf.zerosLike(xb);
    let z: tf.Tensor = xb;
    for (let k = 0; k < ASYMPTOTIC; k++) {
      const xk = k === 0 ? xb : tf.add(xb, k);
      const m = tf.less(xk, ASYMPTOTIC);
      acc = tf.where(m, tf.add(acc, tf.div(hb, tf.mul(xk, tf.add(xk, hb)))), acc);
      z = tf.where(m, tf.add(xb, k + 1), z);
    }
    const zh = tf.add(z, hb);
    const r = tf.reciprocal(z);
    const rh = tf.reciprocal(zh);
    const r2 = tf.square(r);
    const rh2 = tf.square(rh);
    const p1 = tf.mul(tf.mul(hb, r), rh);
    const p2 = tf.mul(p1, tf.add(r, rh));
    const p4 = tf.mul(p2, tf.add(r2, rh2));
    const p6 = tf.mul(p2, tf.add(tf.add(tf.square(r2), tf.mul(r2, rh2)), tf.square(rh2)));
    const p8 = tf.mul(p4, tf.add(tf.square(r2), tf.square(rh2)));
    const series = tf.add(
      tf.add(tf.mul(p1, 0.5), tf.div(p2, 12)),
      tf.add(tf.sub(tf.div(p6, 252), tf.div(p4, 120)), tf.neg(tf.div(p8, 240))),
    );
    const asym = tf.add(log1p(tf.div(hb, z)), series);
    return tf.add(asym, acc);
  });
}

const op = customOp(([x, h], save) => {
  const out = value(x!, h!);
  save([tf.broadcastTo(x!, out.shape), tf.broadcastTo(h!, out.shape)]);
  const xShape = x!.shape;
  const hShape = h!.shape;
  return {
    value: out,
    gradFunc: (dy, [sx, sh]) => {
      const t1 = trigamma(tf.add(sx!, sh!));
      return [sumToShape(tf.mul(dy, tf.sub(t1, trigamma(sx!))), xShape), sumToShape(tf.mul(dy, t1), hShape)];
    },
  };
});

/**
 * ψ(x + h) − ψ(x), elementwise with broadcasting, for x > 0 and h ≥ 0; gradient (ψ′(x + h) − ψ′(x), ψ′(x + h)).
 *
 * Accurate relative to the result for every x > 0, h ≥ 0 (a sum of positive terms; see the module notes);
 * 0 exactly when h = 0.
 *
 * @example
 * ```ts
 * digammaDifference(tf.scalar(1e4), tf.scalar(0.5)); // ≈ 4.99988e−5 (ψ(10000.5) − ψ(10000))
 * ```
 * @internal
 */
export function digammaDifference(x: tf.Tensor, h: tf.Tensor): tf.Tensor {
  return op(x, h);
}
