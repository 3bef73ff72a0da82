/**
 * Tensor samplers for Gamma(α, 1), log Gamma(α, 1), Beta(a, b) and Dirichlet(α) draws for a tensor of
 * concentrations, with implicit reparameterization gradients (Figurnov, Mohamed & Mnih 2018).
 *
 * tfjs's `randomGamma` takes one scalar α and has no gradient. Here the draws are generated in float64
 * JavaScript from a {@link RandomStream} seeded by the `seed` argument, then rounded to a float32 tensor:
 *
 * - Marsaglia & Tsang (2000) for α ≥ 1: with d = α − 1/3, c = 1/√(9d), z ~ N(0, 1), v = (1 + cz)³ and
 *   u ~ U(0, 1), accept d·v when log u < z²/2 + d·(log v − v + 1) (written with log1p/expm1 so that it
 *   keeps its accuracy for α up to 10³⁰);
 * - for α < 1 the boost Gamma(α) = Gamma(α + 1)·U^{1/α}, taken in log space:
 *   log g = log g₁ + (log U)/α, so α = 10⁻³ (log g ≈ −10³) neither underflows nor becomes NaN.
 *
 * The gradients of `randomGamma`, `randomLogGamma` and `randomBeta` are the implicit ones, evaluated at the
 * value the op returns (so they agree with dx/dθ = −(∂F/∂θ)(x)/f(x) at that float32 value; see
 * ./gamma-gradient.js and ./beta-gradient.js); `randomDirichlet`'s is the pathwise gradient of g/Σg through
 * K such Gamma gradients.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { betaSampleDerivatives } from "./beta-gradient.js";
import { customOp } from "./custom-op.js";
import { NormalSource, uniform53 } from "./float64.js";
import { gammaLogSampleDerivative } from "./gamma-gradient.js";
import { RandomStream, seedValue, type Seed } from "./rng.js";

/** The smallest positive normal float32, 2⁻¹²⁶: draws below it are raised to it. */
export const TINY32 = 2 ** -126;
/** The largest float32 below 1, 1 − 2⁻²⁴: Beta draws above it are lowered to it. */
export const ONE_MINUS_EPS32 = 1 - 2 ** -24;

/**
 * log of one Gamma(α, 1) draw in float64 (Marsaglia & Tsang, boosted in log space for α < 1).
 * NaN for α that is not a positive finite number.
 */
function logGammaDraw(alpha: number, rng: RandomStream, normals: NormalSource): number {
  if (!(alpha > 0) || alpha === Infinity) return NaN;
  let boost = 0;
  let a = alpha;
  if (alpha < 1) {
    boost = Math.log(uniform53(rng)) / alpha;
    a = alpha + 1;
  }
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normals.next();
    const cz = c * z;
    if (cz <= -1) continue;
    const logv = 3 * Math.log1p(cz); // log v, v = (1 + cz)³
    const vm1 = Math.expm1(logv); // v − 1
    if (Math.log(uniform53(rng)) < 0.5 * z * z + d * (logv - vm1)) return Math.log(d) + logv + boost;
  }
}

/** Sums a broadcast gradient back to `shape`. */
function sumToShape(g: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, g.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, shape);
}

/** A stream for one op call: a fresh seed from `seed` (the global stream when omitted). */
function streamOf(seed?: Seed): RandomStream {
  return new RandomStream(seedValue(seed));
}

/**
 * Draws from Gamma(α, 1) of shape `shape` (α broadcasts to it), with gradient dx/dα.
 *
 * Values below 2⁻¹²⁶ (frequent for α ≲ 0.05) are raised to 2⁻¹²⁶; the gradient is the implicit one at the
 * returned value: x·(d log x/dα) from {@link gammaLogSampleDerivative}.
 *
 * @param alpha - concentrations α > 0, broadcastable to `shape`
 * @param shape - the shape of the draws
 * @param seed - a number or a {@link RandomStream}; the global stream when omitted
 * @internal
 */
export function randomGamma(alpha: tf.Tensor, shape: number[], seed?: Seed): tf.Tensor {
  const rng = streamOf(seed);
  const alphaShape = alpha.shape;
  return customOp(([a], save) => {
    const full = tf.broadcastTo(a!, shape);
    const av = full.dataSync();
    const out = new Float32Array(av.length);
    const normals = new NormalSource(rng);
    for (let i = 0; i < av.length; i++) {
      const x = Math.fround(Math.exp(logGammaDraw(av[i]!, rng, normals)));
      out[i] = x < TINY32 ? TINY32 : x;
    }
    const value = tf.tensor(out, shape, "float32");
    save([full, value]);
    return {
      value,
      gradFunc: (dy, [sa, sv]) => {
        const a64 = sa!.dataSync();
        const x = sv!.dataSync();
        const g = new Float32Array(x.length);
        for (let i = 0; i < x.length; i++) g[i] = x[i]! * gammaLogSampleDerivative(a64[i]!, Math.log(x[i]!));
        return [sumToShape(tf.mul(dy, tf.tensor(g, shape, "float32")), alphaShape)];
      },
    };
  })(alpha);
}

/**
 * log of draws from Gamma(α, 1), of shape `shape` (α broadcasts to it), with gradient d log x/dα.
 *
 * Never underflows: the log is computed directly (log x ≈ (log U)/α for small α). The gradient is the
 * implicit one at the returned (float32) log value.
 *
 * @param alpha - concentrations α > 0, broadcastable to `shape`
 * @param shape - the shape of the draws
 * @param seed - a number or a {@link RandomStream}; the global stream when omitted
 * @internal
 */
export function randomLogGamma(alpha: tf.Tensor, shape: number[], seed?: Seed): tf.Tensor {
  const rng = streamOf(seed);
  const alphaShape = alpha.shape;
  return customOp(([a], save) => {
    const full = tf.broadcastTo(a!, shape);
    const av = full.dataSync();
    const out = new Float32Array(av.length);
    const normals = new NormalSource(rng);
    for (let i = 0; i < av.length; i++) out[i] = logGammaDraw(av[i]!, rng, normals);
    const value = tf.tensor(out, shape, "float32");
    save([full, value]);
    return {
      value,
      gradFunc: (dy, [sa, sv]) => {
        const a64 = sa!.dataSync();
        const y = sv!.dataSync();
        const g = new Float32Array(y.length);
        for (let i = 0; i < y.length; i++) g[i] = gammaLogSampleDerivative(a64[i]!, y[i]!);
        return [sumToShape(tf.mul(dy, tf.tensor(g, shape, "float32")), alphaShape)];
      },
    };
  })(alpha);
}

/**
 * Draws from Beta(a, b) of shape `shape` (a and b broadcast to it), with gradients dx/da and dx/db.
 *
 * x = g₁/(g₁ + g₀) with g₁ ~ Gamma(a), g₀ ~ Gamma(b), formed in float64 from log g₁ − log g₀ (so tiny
 * concentrations give draws next to 0 or 1, never 0/0), rounded to float32 and kept inside
 * [2⁻¹²⁶, 1 − 2⁻²⁴]. The gradient is the implicit one of the Beta CDF at the returned value (the
 * Rao–Blackwellized pathwise gradient: the conditional mean, given x, of the two-Gamma path derivative).
 *
 * @param a - first concentrations (exponent of x), broadcastable to `shape`
 * @param b - second concentrations (exponent of 1 − x), broadcastable to `shape`
 * @param shape - the shape of the draws
 * @param seed - a number or a {@link RandomStream}; the global stream when omitted
 * @internal
 */
export function randomBeta(a: tf.Tensor, b: tf.Tensor, shape: number[], seed?: Seed): tf.Tensor {
  const rng = streamOf(seed);
  const aShape = a.shape;
  const bShape = b.shape;
  return customOp(([ta, tb], save) => {
    const fa = tf.broadcastTo(ta!, shape);
    const fb = tf.broadcastTo(tb!, shape);
    const av = fa.dataSync();
    const bv = fb.dataSync();
    const out = new Float32Array(av.length);
    const normals = new NormalSource(rng);
    for (let i = 0; i < av.length; i++) {
      const y1 = logGammaDraw(av[i]!, rng, normals);
      const y0 = logGammaDraw(bv[i]!, rng, normals);
      const x = Math.fround(1 / (1 + Math.exp(y0 - y1)));
      out[i] = x < TINY32 ? TINY32 : x > ONE_MINUS_EPS32 ? ONE_MINUS_EPS32 : x;
    }
    const value = tf.tensor(out, shape, "float32");
    save([fa, fb, value]);
    return {
      value,
      gradFunc: (dy, [sa, sb, sv]) => {
        const a64 = sa!.dataSync();
        const b64 = sb!.dataSync();
        const x = sv!.dataSync();
        const ga = new Float32Array(x.length);
        const gb = new Float32Array(x.length);
        for (let i = 0; i < x.length; i++) {
          const [da, db] = betaSampleDerivatives(a64[i]!, b64[i]!, x[i]!);
          ga[i] = da;
          gb[i] = db;
        }
        return [
          sumToShape(tf.mul(dy, tf.tensor(ga, shape, "float32")), aShape),
          sumToShape(tf.mul(dy, tf.tensor(gb, shape, "float32")), bShape),
        ];
      },
    };
  })(a, b);
}

/**
 * Draws from Dirichlet(α) of shape `shape` (last axis K, the event; α broadcasts to it), with the
 * pathwise gradient of x = g/Σg through K implicit Gamma gradients.
 *
 * Computed in float64 as xᵢ = exp(log gᵢ − logΣⱼ gⱼ), rounded to float32, components below 2⁻¹²⁶ raised
 * to 2⁻¹²⁶. The vector–Jacobian product is ∂L/∂αⱼ = xⱼ·(d log gⱼ/dαⱼ)·(∂L/∂xⱼ − Σᵢ xᵢ ∂L/∂xᵢ), with
 * d log g/dα at the float64 log-draws.
 *
 * @param alpha - concentrations, broadcastable to `shape`
 * @param shape - the shape of the draws, ending in K
 * @param seed - a number or a {@link RandomStream}; the global stream when omitted
 * @internal
 */
export function randomDirichlet(alpha: tf.Tensor, shape: number[], seed?: Seed): tf.Tensor {
  const rng = streamOf(seed);
  const alphaShape = alpha.shape;
  const k = shape[shape.length - 1]!;
  return customOp(([a], save) => {
    const full = tf.broadcastTo(a!, shape);
    const av = full.dataSync();
    const n = av.length;
    const logs = new Float64Array(n);
    const x64 = new Float64Array(n);
    const out = new Float32Array(n);
    const normals = new NormalSource(rng);
    for (let i = 0; i < n; i++) logs[i] = logGammaDraw(av[i]!, rng, normals);
    for (let start = 0; start < n; start += k) {
      let m = -Infinity;
      for (let j = 0; j < k; j++) m = Math.max(m, logs[start + j]!);
      let s = 0;
      for (let j = 0; j < k; j++) s += Math.exp(logs[start + j]! - m);
      for (let j = 0; j < k; j++) {
        const x = Math.exp(logs[start + j]! - m) / s;
        x64[start + j] = x;
        const x32 = Math.fround(x);
        out[start + j] = x32 < TINY32 ? TINY32 : x32;
      }
    }
    const value = tf.tensor(out, shape, "float32");
    save([full]);
    return {
      value,
      gradFunc: (dy, [sa]) => {
        const a64 = sa!.dataSync();
        const dyv = dy.dataSync();
        const g = new Float32Array(n);
        for (let start = 0; start < n; start += k) {
          let dot = 0;
          for (let j = 0; j < k; j++) dot += x64[start + j]! * dyv[start + j]!;
          for (let j = 0; j < k; j++) {
            const i = start + j;
            g[i] = x64[i]! * gammaLogSampleDerivative(a64[i]!, logs[i]!) * (dyv[i]! - dot);
          }
        }
        return [sumToShape(tf.tensor(g, shape, "float32"), alphaShape)];
      },
    };
  })(alpha);
}

/**
 * Standard exponential draws −log U in float64 (U with 53 random bits, so the largest is 37.4), rounded
 * to float32, as a tensor of shape `shape` without gradient.
 *
 * @param shape - the shape of the draws
 * @param seed - a number or a {@link RandomStream}; the global stream when omitted
 * @internal
 */
export function randomExponential(shape: number[], seed?: Seed): tf.Tensor {
  const rng = streamOf(seed);
  let n = 1;
  for (const d of shape) n *= d;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = -Math.log(uniform53(rng));
  return tf.tensor(out, shape, "float32");
}

/**
 * log of standard exponential draws, log(−log U) in float64 rounded to float32, as a tensor of shape
 * `shape` without gradient (for transforms such as Weibull's x = λ·E^{1/k} that need log E).
 *
 * @param shape - the shape of the draws
 * @param seed - a number or a {@link RandomStream}; the global stream when omitted
 * @internal
 */
export function randomLogExponential(shape: number[], seed?: Seed): tf.Tensor {
  const rng = streamOf(seed);
  let n = 1;
  for (const d of shape) n *= d;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.log(-Math.log(uniform53(rng)));
  return tf.tensor(out, shape, "float32");
}
