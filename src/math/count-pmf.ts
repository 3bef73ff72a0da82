/**
 * Log-mass functions of counts (Poisson and binomial) in float32 without the catastrophic
 * cancellation of the textbook formulas, as tfjs ops with analytic gradients.
 *
 * The textbook log pmf of Poisson(λ) at k, k log λ − λ − log Γ(k + 1), adds terms of size
 * k log k that cancel to a result of size log √(2πk): float32 rounding then costs ≈ 2⁻²⁴·k log k,
 * about 0.8 at k = 10⁶. Loader's saddle-point form (C. Loader, "Fast and accurate computation of
 * binomial probabilities", 2000) has no such cancellation:
 *
 *   log Pois(k; λ) = −s(k) − D(k, λ) − ½ log(2πk),
 *   log Bin(x; n, p) = s(n) − s(x) − s(n − x) − D(x, np) − D(n − x, n(1 − p)) + ½ log(n / (2π x (n − x))),
 *
 * where s(k) = log Γ(k + 1) − (k + ½) log k + k − ½ log 2π is Stirling's correction (small and positive)
 * and D(x, M) = x log(x/M) + M − x ≥ 0 is the deviance term, evaluated without cancellation. For small
 * counts (< 7) the textbook forms are used (their terms are then small).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp } from "./custom-op.js";
import { digamma } from "./digamma.js";
import { lbeta } from "./lbeta.js";
import { lgamma, stirlingCorrection } from "./lgamma.js";
import { log1p } from "./log1p.js";
import { polyval } from "./piecewise.js";
import { xlogy } from "./xlogy.js";

const LOG_2PI = Math.log(2 * Math.PI);
/** Counts below this use the textbook formulas; Stirling's correction is accurate from here on. */
const LOADER_MIN = 7;
/** |v| below this uses the series of D in v = (x − M)/(x + M). */
const BD0_SERIES = 1 / 3;
// D = (x − M)·v + 2x·v³·Σⱼ v²ʲ/(2j + 3): with v² < 1/9, 12 terms leave < (1/9)¹²/27 ≈ 1.3e−13 relative.
const BD0_COEFFS = Array.from({ length: 12 }, (_, j) => 1 / (2 * j + 3));

/** Sums a broadcast gradient back to `shape`. */
function sumToShape(g: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, g.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, shape);
}

/**
 * D(x, M) = x log(x/M) + M − x for x ≥ 0, M ≥ 0 (0 log 0 = 0), forward only.
 *
 * Near x = M (|v| < 1/3, v = (x − M)/(x + M)): (x − M)·v + 2x Σⱼ≥₁ v²ʲ⁺¹/(2j + 1), whose terms have
 * ratios ≤ 1/3 (no cancellation); otherwise x·log(x/M) + (M − x), which cancels by at most a factor
 * ≈ 6 at the switch. log(x/M) is taken as log x − log M when x/M over- or underflows.
 */
function bd0Value(x: tf.Tensor, m: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const s = tf.add(x, m);
    const diff = tf.sub(x, m);
    const sSafe = tf.where(tf.equal(s, 0), tf.onesLike(s), s);
    const v = tf.div(diff, sSafe);
    const small = tf.less(tf.abs(v), BD0_SERIES);
    const vs = tf.where(small, v, tf.zerosLike(v));
    const v2 = tf.square(vs);
    const series = tf.add(tf.mul(diff, vs), tf.mul(tf.mul(tf.mul(2, x), tf.mul(vs, v2)), polyval(BD0_COEFFS, v2)));
    const ratio = tf.div(x, m);
    const ratioOk = tf.logicalAnd(tf.greater(ratio, 0), tf.isFinite(ratio));
    const logRatio = tf.where(ratioOk, tf.log(tf.where(ratioOk, ratio, tf.onesLike(ratio))), tf.sub(tf.log(x), tf.log(m)));
    const direct = tf.add(tf.where(tf.equal(x, 0), tf.zerosLike(x), tf.mul(x, logRatio)), tf.sub(m, x));
    return tf.where(tf.equal(s, 0), tf.zerosLike(s), tf.where(small, series, direct));
  });
}

const bd0Op = customOp(([x, m], save) => {
  const value = bd0Value(x!, m!);
  save([tf.broadcastTo(x!, value.shape), tf.broadcastTo(m!, value.shape)]);
  const xShape = x!.shape;
  const mShape = m!.shape;
  return {
    value,
    gradFunc: (dy, [sx, sm]) =>
      tf.tidy(() => {
        const zero = tf.equal(sx!, 0);
        // ∂D/∂x = log(x/M) (0 where x = 0, the xlogy convention); ∂D/∂M = 1 − x/M.
        const gx = tf.where(zero, tf.zerosLike(sx!), tf.sub(tf.log(tf.where(zero, tf.onesLike(sx!), sx!)), tf.log(sm!)));
        const gm = tf.where(zero, tf.onesLike(sm!), tf.div(tf.sub(sm!, sx!), sm!));
        return [sumToShape(tf.mul(dy, gx), xShape), sumToShape(tf.mul(dy, gm), mShape)];
      }),
  };
});

/**
 * The deviance term D(x, M) = x·log(x/M) + M − x ≥ 0 elementwise (broadcasting), for x, M ≥ 0 with
 * 0·log 0 = 0; it is exactly 0 when x = M.
 *
 * D(x, M) = M·φ(x/M) with φ(t) = t log t − t + 1; it is KL(Poisson(x) ‖ Poisson(M)). Gradients:
 * ∂/∂x = log(x/M) (0 where x = 0), ∂/∂M = 1 − x/M. M = 0 < x gives +Infinity.
 *
 * @example
 * ```ts
 * bd0(tf.scalar(3), tf.scalar(3));   // 0
 * bd0(tf.scalar(0), tf.scalar(2.5)); // 2.5
 * ```
 */
export function bd0(x: tf.Tensor, m: tf.Tensor): tf.Tensor {
  return bd0Op(x, m);
}

function logPoissonValue(k: tf.Tensor, rate: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(k.shape, rate.shape);
    const kb = tf.broadcastTo(k, shape);
    const small = tf.less(kb, LOADER_MIN);
    const naive = tf.sub(tf.sub(xlogy(kb, rate), rate), lgamma(tf.add(kb, 1)));
    const kl = tf.where(small, tf.fill(shape, LOADER_MIN), kb);
    const loader = tf.neg(
      tf.add(tf.add(stirlingCorrection(kl), bd0Value(kl, tf.broadcastTo(rate, shape))), tf.mul(0.5, tf.add(tf.log(kl), LOG_2PI))),
    );
    return tf.where(small, naive, loader);
  });
}

const logPoissonOp = customOp(([k, rate], save) => {
  const value = logPoissonValue(k!, rate!);
  save([tf.broadcastTo(k!, value.shape), tf.broadcastTo(rate!, value.shape)]);
  const kShape = k!.shape;
  const rShape = rate!.shape;
  return {
    value,
    gradFunc: (dy, [sk, sr]) =>
      tf.tidy(() => {
        // ∂/∂λ = k/λ − 1 (−1 where k = 0, also at λ = 0); ∂/∂k = log λ − ψ(k + 1).
        const zero = tf.equal(sk!, 0);
        const gr = tf.where(zero, tf.fill(sk!.shape, -1), tf.div(tf.sub(sk!, sr!), sr!));
        const gk = tf.sub(tf.log(sr!), digamma(tf.add(sk!, 1)));
        return [sumToShape(tf.mul(dy, gk), kShape), sumToShape(tf.mul(dy, gr), rShape)];
      }),
  };
});

/**
 * log Poisson(k; λ) = k log λ − λ − log Γ(k + 1) elementwise (broadcasting), for k ≥ 0 and λ ≥ 0,
 * accurate also for large k and λ (Loader's form for k ≥ 7): measured |error| ≤ 4·2⁻²⁴·(1 + |result| +
 * log(k + 2)) on the CPU backend for λ ∈ [1e−3, 1e7] and k within 8 standard deviations (tests assert 8·2⁻²⁴,
 * plus 7(|log λ| + 1) for k < 7, where the textbook terms are added).
 *
 * Gradients: ∂/∂λ = k/λ − 1, ∂/∂k = log λ − ψ(k + 1) (the continuous extension in k). λ = 0 gives 0 at
 * k = 0 and −Infinity elsewhere.
 *
 * @example
 * ```ts
 * logPoissonPmf(tf.scalar(1e6), tf.scalar(1e6)); // −7.8267 ≈ −½ log(2π·10⁶) − 1/(12·10⁶)
 * ```
 */
export function logPoissonPmf(k: tf.Tensor, rate: tf.Tensor): tf.Tensor {
  return logPoissonOp(k, rate);
}

/** Loader's form is used only while both probabilities exceed e⁻⁶⁰ (else x log p dominates: no cancellation). */
const LOADER_MIN_LOG_PROB = -60;

function logBinomialValue(x: tf.Tensor, y: tf.Tensor, logP: tf.Tensor, logQ: tf.Tensor, p: tf.Tensor, q: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(
      tf.broadcast_util.assertAndGetBroadcastShape(x.shape, y.shape),
      tf.broadcast_util.assertAndGetBroadcastShape(logP.shape, logQ.shape),
    );
    const xb = tf.broadcastTo(x, shape);
    const yb = tf.broadcastTo(y, shape);
    const lp = tf.broadcastTo(logP, shape);
    const lq = tf.broadcastTo(logQ, shape);
    const pb = tf.broadcastTo(p, shape);
    const qb = tf.broadcastTo(q, shape);
    const n = tf.add(xb, yb);
    // Textbook: log C(n, x) = −log(n + 1) − log B(x + 1, y + 1), plus x log p + y log q (0·log 0 = 0).
    const times = (c: tf.Tensor, l: tf.Tensor) => tf.where(tf.equal(c, 0), tf.zerosLike(c), tf.mul(c, l));
    // log C(n, 0) = log C(n, n) = 0 exactly (not the rounding of log(n + 1) − log(n + 1)).
    const logChoose = tf.where(
      tf.equal(tf.minimum(xb, yb), 0),
      tf.zerosLike(n),
      tf.neg(tf.add(log1p(n), lbeta(tf.add(xb, 1), tf.add(yb, 1)))),
    );
    const naive = tf.add(logChoose, tf.add(times(xb, lp), times(yb, lq)));
    const small = tf.logicalOr(
      tf.less(tf.minimum(xb, yb), LOADER_MIN),
      tf.lessEqual(tf.minimum(lp, lq), LOADER_MIN_LOG_PROB),
    );
    // Loader, with the two means M₁ = n·p, M₂ = n·q taken as n·min(p, q) and n minus that, so that
    // M₁ + M₂ = n to one rounding and the (M − x) parts of the two deviance terms cancel where they should.
    const lo = tf.where(small, tf.fill(shape, LOADER_MIN), xb);
    const hi = tf.where(small, tf.fill(shape, LOADER_MIN), yb);
    const nl = tf.add(lo, hi);
    const pSmaller = tf.lessEqual(pb, qb);
    const mSmall = tf.mul(nl, tf.minimum(pb, qb));
    const mLarge = tf.sub(nl, mSmall);
    const m1 = tf.where(pSmaller, mSmall, mLarge);
    const m2 = tf.where(pSmaller, mLarge, mSmall);
    const stirling = tf.sub(stirlingCorrection(nl), tf.add(stirlingCorrection(lo), stirlingCorrection(hi)));
    const dev = tf.add(bd0Value(lo, m1), bd0Value(hi, m2));
    // ½ log(n/(2π x y)) = ½ [log1p(a/b) − log a − log 2π], a = min(x, y), b = max(x, y): no cancellation.
    const a = tf.minimum(lo, hi);
    const logs = tf.mul(0.5, tf.sub(tf.sub(log1p(tf.div(a, tf.maximum(lo, hi))), tf.log(a)), LOG_2PI));
    const loader = tf.add(tf.sub(stirling, dev), logs);
    return tf.where(small, naive, loader);
  });
}

const logBinomialOp = customOp(([x, y, logP, logQ, p, q], save) => {
  const value = logBinomialValue(x!, y!, logP!, logQ!, p!, q!);
  const shape = value.shape;
  save([x!, y!, logP!, logQ!].map((t) => tf.broadcastTo(t, shape)));
  const shapes = [x!.shape, y!.shape, logP!.shape, logQ!.shape];
  const pShape = p!.shape;
  const qShape = q!.shape;
  return {
    value,
    gradFunc: (dy, [sx, sy, slp, slq]) =>
      tf.tidy(() => {
        // ∂/∂log p = x, ∂/∂log q = y; ∂/∂x = ψ(n + 1) − ψ(x + 1) + log p, ∂/∂y = ψ(n + 1) − ψ(y + 1) + log q.
        const psiN = digamma(tf.add(tf.add(sx!, sy!), 1));
        const gx = tf.add(tf.sub(psiN, digamma(tf.add(sx!, 1))), slp!);
        const gy = tf.add(tf.sub(psiN, digamma(tf.add(sy!, 1))), slq!);
        // p and q only fix where the means n·p, n·q are taken (the same function of log p, log q): no gradient.
        const grads = [gx, gy, sx!, sy!].map((g, i) => sumToShape(tf.mul(dy, g), shapes[i]!));
        return [...grads, tf.zeros(pShape), tf.zeros(qShape)];
      }),
  };
});

/**
 * log [C(x + y, x) pˣ qʸ] elementwise (broadcasting): the binomial log pmf of x successes and y failures,
 * given log p and log q = log(1 − p) separately (so that each keeps full accuracy, e.g. −softplus(∓ℓ) from
 * logits), and p, q themselves (σ(±ℓ) from logits; they set the means n·p, n·q of Loader's deviance terms to
 * full relative accuracy, which exp(log p) would not), for real x, y ≥ 0; 0·log 0 = 0 (x = 0 with
 * log p = −Infinity gives a finite result).
 *
 * Loader's saddle-point form when x, y ≥ 7 and p, q > e⁻⁶⁰: |error| ≤ 16·2⁻²⁴·(1 + |result| + log(n + 2) +
 * |x − n p|) (measured ≤ 2.5× less; the last term is the float32 rounding of the mean n·p), also for n = x + y
 * in the millions, where the textbook form would lose ≈ 2⁻²⁴·n·H(p); the textbook form with log B otherwise,
 * with |error| ≤ 16·2⁻²⁴ times the sum of its terms' magnitudes (|log C| + |x log p| + |y log q| + log(n + 2)).
 * Gradients: ∂/∂log p = x, ∂/∂log q = y (the two logs treated as independent inputs: chain them through
 * log p = −softplus(−ℓ), log q = −softplus(ℓ), or through log p and log(1 − p)), ∂/∂x = ψ(n + 1) − ψ(x + 1)
 * + log p, ∂/∂y likewise; none through p and q.
 *
 * @example
 * ```ts
 * const [p, q] = [tf.scalar(0.3), tf.scalar(0.7)];
 * logBinomialPmf(tf.scalar(3), tf.scalar(7), tf.log(p), tf.log(q), p, q); // log 0.26683 = −1.32115
 * ```
 */
export function logBinomialPmf(
  x: tf.Tensor,
  y: tf.Tensor,
  logP: tf.Tensor,
  logQ: tf.Tensor,
  p: tf.Tensor,
  q: tf.Tensor,
): tf.Tensor {
  return logBinomialOp(x, y, logP, logQ, p, q);
}
