/**
 * log Γ(x) for x > 0 as a float32 tfjs op whose gradient is digamma.
 *
 * Method (own derivation, no library code): the zeros of log Γ at x = 1 and x = 2 are handled by
 * factoring them out exactly, with the shifted argument t formed without rounding:
 * - x < 0.5:        log Γ(x) = t·F₁(t) − log x,  t = x          (log Γ(1 + x) − log x, 1 + x never formed)
 * - 0.5 ≤ x < 1.5:  log Γ(x) = t·F₁(t),          t = x − 1 (exact by Sterbenz)
 * - 1.5 ≤ x < 7:    log Γ(x) = t·F₂(t) + log Πₖ(z + k), t = z − 2, where z ∈ [1.5, 3) is x reduced by the
 *                   downward recurrence log Γ(x) = log Γ(x − 1) + log(x − 1) (all terms ≥ 0 once z ≥ 2)
 * - x ≥ 7:          Stirling, (x − ½)(log x − 1) + ½ log 2π − ½ + 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷)
 *                   (truncation < 3e−11).
 * F₁(t) = log Γ(1 + t)/t on [−½, ½] (degree 13) and F₂(t) = log Γ(2 + t)/t on [−½, 1] (degree 10) are
 * Chebyshev interpolants of the float64 reference converted to monomials; float64 fit errors 3.3e−9 and
 * 1.8e−9 relative, far below float32 rounding.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { digamma } from "./digamma.js";

/** Horner evaluation of Σ cᵢ sⁱ with float32 tfjs ops. */
function polyval(coeffs: readonly number[], s: tf.Tensor): tf.Tensor {
  let r: tf.Tensor = tf.scalar(coeffs[coeffs.length - 1]!);
  for (let i = coeffs.length - 2; i >= 0; i--) r = tf.add(tf.mul(r, s), coeffs[i]!);
  return r;
}

// F₁(t) = log Γ(1 + t)/t on t ∈ [−0.5, 0.5]; F₁(0) = −γ.
const F1 = [
  -0.57721566606601615, 0.82246703452266456, -0.40068517894919181, 0.27058037878684349, -0.20741435891666221,
  0.16958435115083553, -0.14337446582429234, 0.12487263678511745, -0.11874458322303585, 0.10708670406009854,
  -0.050554017548815222, 0.045277990409106544, -0.17768287984654307, 0.16629276517778635,
];
// F₂(t) = log Γ(2 + t)/t on t ∈ [−0.5, 1]; F₂(0) = 1 − γ.
const F2 = [
  0.42278433528765047, 0.32246702900424695, -0.067352320836216825, 0.020581001714688484,
  -0.0073853294871466099, 0.0028881286965657758, -0.0011921231339348855, 0.00052016342705522584,
  -0.00023532573944192922, 0.000089613910629739675, -0.000017992515272751916,
];

/** Threshold above which Stirling's series is used. */
const STIRLING = 7;
/** ½ log 2π − ½. */
const HALF_LOG_2PI_MINUS_HALF = 0.5 * Math.log(2 * Math.PI) - 0.5;
const STIRLING_COEFFS = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680];

/**
 * Stirling correction log Γ(x) − [(x − ½) log x − x + ½ log 2π] ≈ 1/(12x) − 1/(360x³) + 1/(1260x⁵) −
 * 1/(1680x⁷), elementwise; meant for x ≥ 7 (truncation error < 3e−11 there), used by {@link lgamma}
 * and by `lbeta`. No custom gradient (autodiff of the polynomial in 1/x).
 *
 * Accuracy: relative error ≤ 1.5·2⁻²³ measured on 2·10⁵ log-uniform x ∈ [7, 1e6] (against the float64 series).
 *
 * @example
 * ```ts
 * stirlingCorrection(tf.scalar(10)); // ≈ 0.0083306
 * ```
 */
export function stirlingCorrection(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const r = tf.reciprocal(x);
    return tf.mul(r, polyval(STIRLING_COEFFS, tf.square(r)));
  });
}

function lgammaValue(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    // x < 1.5: t·F₁(t) (− log x when t = x).
    const tiny = tf.less(x, 0.5);
    const t1 = tf.where(tiny, x, tf.sub(x, 1));
    const p1 = tf.add(tf.mul(t1, polyval(F1, t1)), 0); // + 0 turns the −0 at x = 1 into +0 (exact otherwise)
    const v1 = tf.where(tiny, tf.sub(p1, tf.log(x)), p1);
    // 1.5 ≤ x < 7: reduce to z ∈ [1.5, 3) keeping the product of the removed factors.
    let z: tf.Tensor = x;
    let prod: tf.Tensor = tf.onesLike(x);
    for (let i = 0; i < 4; i++) {
      const m = tf.greaterEqual(z, 3);
      const zm1 = tf.sub(z, 1); // exact
      prod = tf.where(m, tf.mul(prod, zm1), prod);
      z = tf.where(m, zm1, z);
    }
    const t2 = tf.sub(z, 2); // exact
    const v2 = tf.add(tf.mul(t2, polyval(F2, t2)), tf.log(prod));
    // x ≥ 7: Stirling.
    const v3 = tf.add(
      tf.mul(tf.sub(x, 0.5), tf.sub(tf.log(x), 1)),
      tf.add(stirlingCorrection(x), HALF_LOG_2PI_MINUS_HALF),
    );
    const value = tf.where(tf.less(x, 1.5), v1, tf.where(tf.less(x, STIRLING), v2, v3));
    return tf.where(tf.less(x, 0), tf.scalar(NaN), value);
  });
}

const lgammaOp = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  save([x]);
  return {
    value: lgammaValue(x),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, digamma(saved[0]!))],
  };
}) as (x: tf.Tensor) => tf.Tensor;

/**
 * Natural log of the gamma function, log Γ(x), elementwise for x > 0; gradient ψ(x) (digamma).
 *
 * log Γ(x) = log ∫₀^∞ tˣ⁻¹ e⁻ᵗ dt.
 *
 * Accuracy (float32, against float64 stdlib gammaln at the float32 inputs; 2·10⁵ log-uniform
 * x ∈ [1e−6, 1e6] plus dense grids around 1, 1.46 and 2): measured |error| ≤ 1.8·2⁻²³·|log Γ(x)| on the CPU
 * backend (tests assert 4·2⁻²³·|log Γ(x)| on CPU and on wasm), i.e. relative accuracy is kept next to the
 * zeros at 1 and 2. x = 0 gives +Infinity, x < 0 gives NaN (the function is only
 * defined here for x > 0), NaN gives NaN, +Infinity gives +Infinity; results overflow to +Infinity for
 * x ≳ 4e36.
 *
 * @example
 * ```ts
 * lgamma(tf.tensor([0.5, 1, 3, 100])); // [0.5723649, 0, 0.6931472, 359.1342]
 * tf.grad(lgamma)(tf.scalar(1));        // −γ ≈ −0.5772157
 * ```
 */
export function lgamma(x: tf.Tensor): tf.Tensor {
  return lgammaOp(x);
}
