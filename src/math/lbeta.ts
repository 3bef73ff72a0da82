/**
 * log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) for a, b > 0, as a float32 tfjs op with analytic
 * gradient, free of the catastrophic cancellation of the naive formula for large arguments.
 *
 * Method (own derivation from Stirling's series; x = min(a, b), y = max(a, b), s = x + y,
 * c(z) = log Γ(z) − [(z − ½) log z − z + ½ log 2π] the Stirling correction):
 * - y < 4:          log Γ(x) + log Γ(y) − log Γ(s) (all terms ≤ log Γ(8) ≈ 8.5, no large cancellation),
 *                   with the rounding error e of s = fl(x + y) put back as e·ψ(s) (TwoSum)
 * - x < 8, y ≥ 4:   log Γ(x) + [log Γ(y) − log Γ(s)], the bracket as
 *                   −(y − ½)·log1p(x/y) − x·log s + x + c(y) − c(s)
 * - x ≥ 8:          ½ log 2π − ½ log y + (x − ½)·log(x/s) − y·log1p(x/y) + c(x) + c(y) − c(s),
 *                   whose main terms all have the same sign.
 * Gradient: ∂/∂a = ψ(a) − ψ(a + b) (and symmetrically), never as a difference of two digammas (which
 * loses everything when b ≪ a) but as a sum of same-signed terms, see `digammaDifference`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { digamma } from "./digamma.js";
import { lgamma, stirlingCorrection } from "./lgamma.js";

/**
 * log(1 + x) to a few ulps on every backend: tfjs-backend-wasm 4.22 computes Log1p as log(1 + x), which
 * loses all relative accuracy for |x| ≲ 1e−4. With u = fl(1 + x), log1p(x) = log(u)·x/(u − 1) (u − 1 exact)
 * when u ≠ 1, and x when u = 1 (Kahan's formulation; see Goldberg 1991, Theorem 4); +∞ stays +∞.
 */
function log1pAccurate(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const u = tf.add(x, 1);
    const d = tf.sub(u, 1);
    const one = tf.equal(d, 0);
    const ratio = tf.where(tf.logicalOr(one, tf.equal(u, Infinity)), tf.onesLike(d), tf.div(x, d));
    return tf.where(one, x, tf.mul(tf.log(u), ratio));
  });
}

/** From here on (for the larger argument) log Γ(y) − log Γ(x + y) comes from Stirling's series. */
const MIXED = 4;
/** From here on (for the smaller argument) everything comes from Stirling's series. */
const LARGE = 8;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

function lbetaValue(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const x = tf.minimum(a, b);
    const y = tf.maximum(a, b);
    const s = tf.add(x, y);
    const lgx = lgamma(x);
    const cy = stirlingCorrection(y);
    const cs = stirlingCorrection(s);
    const log1pXOverY = log1pAccurate(tf.div(x, y));
    // y < 4: the three lgammas; the rounding error e = (x + y) − s (exact, TwoSum) is put back to first order,
    // log Γ(x + y) ≈ log Γ(s) + e·ψ(s), since ψ(s)·|e| alone would be up to 8 float32 ulps of 1.
    const yv = tf.sub(s, x);
    const e = tf.add(tf.sub(x, tf.sub(s, yv)), tf.sub(y, yv));
    const lgs = tf.add(lgamma(s), tf.mul(e, digamma(s)));
    const small = tf.sub(tf.add(lgx, lgamma(y)), lgs);
    // y ≥ 4, x < 8: log Γ(y) − log Γ(s) from Stirling (its truncation error, < 4e−9 at y = 4, is smooth and
    // cancels to first order in the difference).
    const diff = tf.add(
      tf.sub(tf.sub(x, tf.mul(tf.sub(y, 0.5), log1pXOverY)), tf.mul(x, tf.log(s))),
      tf.sub(cy, cs),
    );
    const mixed = tf.add(lgx, diff);
    // Both large.
    const large = tf.add(
      tf.sub(tf.mul(tf.sub(x, 0.5), tf.log(tf.div(x, s))), tf.mul(y, log1pXOverY)),
      tf.add(tf.sub(HALF_LOG_2PI, tf.mul(tf.log(y), 0.5)), tf.sub(tf.add(stirlingCorrection(x), cy), cs)),
    );
    const value = tf.where(tf.less(y, MIXED), small, tf.where(tf.less(x, LARGE), mixed, large));
    const withZero = tf.where(tf.equal(x, 0), tf.scalar(Infinity), value); // also lbeta(0, 0) = +∞, not ∞ − ∞
    return tf.where(tf.logicalOr(tf.less(a, 0), tf.less(b, 0)), tf.scalar(NaN), withZero);
  });
}

/**
 * ψ(u) − ψ(u + v) for u, v ≥ 0 as a sum of terms of one sign (no cancellation, relative accuracy even
 * for v ≪ u): shift u up to z = u + n ≥ 8 with
 *   ψ(u) − ψ(u + v) = [ψ(z) − ψ(z + v)] − Σₖ₌₀ⁿ⁻¹ v/((u + k)(u + k + v)),
 * then, with r = 1/z, ρ = 1/(z + v) and w = v·r·ρ = 1/z − 1/(z + v), the asymptotic series gives
 *   ψ(z) − ψ(z + v) = −log1p(v/z) − w·[½ + (r + ρ)·(1/12 − (r² + ρ²)/120 + (r⁴ + r²ρ² + ρ⁴)/252
 *                      − (r² + ρ²)(r⁴ + ρ⁴)/240)]   (truncation < 1e−9 relative at z = 8),
 * every difference 1/zᵏ − 1/(z + v)ᵏ having been factored through w exactly.
 */
function digammaDifference(u: tf.Tensor, v: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    let acc: tf.Tensor = tf.zerosLike(u);
    let z: tf.Tensor = u;
    for (let k = 0; k < LARGE; k++) {
      const uk = k === 0 ? u : tf.add(u, k);
      const m = tf.less(uk, LARGE);
      acc = tf.where(m, tf.add(acc, tf.div(v, tf.mul(uk, tf.add(uk, v)))), acc);
      z = tf.where(m, tf.add(u, k + 1), z);
    }
    const r = tf.reciprocal(z);
    const rho = tf.reciprocal(tf.add(z, v));
    const w = tf.mul(tf.mul(v, r), rho);
    const r2 = tf.square(r);
    const rho2 = tf.square(rho);
    const sum2 = tf.add(r2, rho2);
    const sum4 = tf.add(tf.square(r2), tf.square(rho2));
    const mixed4 = tf.add(sum4, tf.mul(r2, rho2));
    const inner = tf.sub(
      tf.add(tf.sub(1 / 12, tf.div(sum2, 120)), tf.div(mixed4, 252)),
      tf.div(tf.mul(sum2, sum4), 240),
    );
    const bracket = tf.add(0.5, tf.mul(tf.add(r, rho), inner));
    const asym = tf.neg(tf.add(log1pAccurate(tf.div(v, z)), tf.mul(w, bracket)));
    return tf.sub(asym, acc);
  });
}

/** Sums a broadcast gradient back to `shape`. */
function sumToShape(g: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, g.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, shape);
}

const lbetaOp = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  const aShape = a.shape;
  const bShape = b.shape;
  const value = lbetaValue(a, b);
  save([tf.broadcastTo(a, value.shape), tf.broadcastTo(b, value.shape)]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      return [
        sumToShape(tf.mul(dy, digammaDifference(sa, sb)), aShape),
        sumToShape(tf.mul(dy, digammaDifference(sb, sa)), bShape),
      ];
    },
  };
}) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/**
 * Log of the beta function, log B(a, b), elementwise with broadcasting, for a, b > 0; gradient
 * (ψ(a) − ψ(a + b), ψ(b) − ψ(a + b)).
 *
 * log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) = log ∫₀¹ t^{a−1}(1 − t)^{b−1} dt.
 *
 * Accuracy (float32, against float64 stdlib betaln at the float32 inputs; 3·10⁵ pairs log-uniform in
 * [1e−6, 1e6]², [1e−3, 16]² and [8, 1e6]²): measured |error| ≤ 2.5·2⁻²³·(|log B| + 1) on the CPU backend
 * (tests assert 4·2⁻²³·(|log B| + 1), and 4·2⁻²³·|log B| for a, b ≥ 8), i.e. a few ulps relative where
 * |log B| ≥ 1 and a few 2⁻²³ absolute near its zero set (where B(a, b) = 1); the naive three-lgamma
 * formula would lose up to |log Γ(a + b)|·2⁻²⁴ (≈ 1 for a + b = 1e6). Gradient: measured relative error
 * ≤ 3.6·2⁻²³ (asserted 6·2⁻²³), including b ≪ a where ψ(a) − ψ(a + b) ≈ −b·ψ′(a). a or b < 0 gives NaN;
 * a or b = 0 gives +Infinity.
 *
 * @example
 * ```ts
 * lbeta(tf.scalar(2), tf.scalar(3));   // log(1/12) ≈ −2.4849066
 * lbeta(tf.scalar(1e6), tf.scalar(1)); // −log(1e6) ≈ −13.815511
 * ```
 */
export function lbeta(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return lbetaOp(a, b);
}
