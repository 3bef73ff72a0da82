/**
 * Exact float64 samplers for counts (Poisson, binomial, geometric, gamma–Poisson) and the noise of the
 * relaxed distributions, in JavaScript over a seeded {@link RandomStream}.
 *
 * Discrete draws have no gradient, so they need not be tensor ops; drawing them in float64 JavaScript
 * lets each use the standard exact algorithm (inversion, or transformed rejection) and a uniform in the
 * open interval (0, 1), which tfjs's float32 `randomUniform` does not guarantee.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { RandomStream, seedValue, type Seed } from "../math/rng.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** A stream for one draw: a fresh stream seeded from `seed` (or from the global stream). */
export function streamOf(seed?: Seed): RandomStream {
  return new RandomStream(seedValue(seed));
}

/** The values of `t` broadcast to `shape`, as float64 numbers in row-major order. */
export function valuesAt(t: tf.Tensor, shape: number[]): Float64Array {
  const b = tf.broadcastTo(t, shape);
  try {
    return Float64Array.from(b.dataSync());
  } finally {
    if (b !== t) b.dispose();
  }
}

/**
 * Fill a tensor of shape `sampleShape ++ batchShape` by calling `draw(b)` for every batch index b and
 * every sample index (samples outermost).
 */
export function drawTensor(sampleShape: number[], batchShape: number[], draw: (b: number) => number): tf.Tensor {
  const nb = batchShape.reduce((a, d) => a * d, 1);
  const ns = sampleShape.reduce((a, d) => a * d, 1);
  const out = new Float32Array(nb * ns);
  for (let s = 0; s < ns; s++) for (let b = 0; b < nb; b++) out[s * nb + b] = draw(b);
  return tf.tensor(out, [...sampleShape, ...batchShape], "float32");
}

// log k! for k < 64, summed exactly enough in float64 (relative error ~1e−16).
const LOG_FACTORIAL: number[] = [0];
for (let k = 1; k < 64; k++) LOG_FACTORIAL.push(LOG_FACTORIAL[k - 1]! + Math.log(k));

/**
 * log k! in float64 for integers k ≥ 0: a table below 64, Stirling's series beyond (truncation
 * < 1e−17 relative).
 */
export function logFactorial(k: number): number {
  if (k < 64) return LOG_FACTORIAL[k]!;
  const x = k + 1;
  const r = 1 / x;
  const r2 = r * r;
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 / 1680)));
}

/** A standard normal draw (Box–Muller; both uniforms in (0, 1), so the log is finite). */
export function normalDraw(rng: RandomStream): number {
  return Math.sqrt(-2 * Math.log(rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
}

/**
 * Poisson(λ) for λ ≥ 0: inversion by sequential search for λ < 10 (one uniform, at most ~40 steps),
 * Hörmann's PTRS transformed rejection for λ ≥ 10 (W. Hörmann, "The transformed rejection method for
 * generating Poisson random variables", Insurance: Mathematics and Economics 12, 1993), whose final
 * acceptance test compares against the exact log pmf, so the draw is exact.
 */
export function poissonDraw(rate: number, rng: RandomStream): number {
  if (!(rate > 0)) return 0;
  if (rate < 10) {
    let f = Math.exp(-rate);
    let s = f;
    const u = rng.uniform();
    let k = 0;
    while (u > s && k < 1000) {
      k++;
      f *= rate / k;
      s += f;
    }
    return k;
  }
  const logRate = Math.log(rate);
  const b = 0.931 + 2.53 * Math.sqrt(rate);
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log((v * invAlpha) / (a / (us * us) + b)) <= -rate + k * logRate - logFactorial(k)) return k;
  }
}

/** log of the binomial pmf C(n, k) pᵏ qⁿ⁻ᵏ in float64 (k, n integers, 0 < p, q). */
function logBinomial64(k: number, n: number, logP: number, logQ: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * logP + (n - k) * logQ;
}

/**
 * Binomial(n, p) for an integer n ≥ 0 and p ∈ [0, 1] (q = 1 − p passed separately for accuracy):
 * by symmetry p ≤ ½; inversion by sequential search from 0 when n·p < 10; otherwise Hörmann's BTRS
 * transformed rejection (W. Hörmann, "The generation of binomial random variates", J. Statist. Comput.
 * Simul. 46, 1993) with the exact ratio f(k)/f(m) in the acceptance test, so the draw is exact.
 */
export function binomialDraw(n: number, p: number, q: number, rng: RandomStream): number {
  if (n === 0 || p === 0) return 0;
  if (q === 0) return n;
  if (p > q) return n - binomialDraw(n, q, p, rng);
  if (n * p < 10) {
    let f = Math.exp(n * Math.log1p(-p));
    let s = f;
    const u = rng.uniform();
    const ratio = p / q;
    let k = 0;
    while (u > s && k < n) {
      f *= ((n - k) / (k + 1)) * ratio;
      k++;
      s += f;
    }
    return k;
  }
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const m = Math.floor((n + 1) * p);
  const logFm = logBinomial64(m, n, logP, logQ);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    if (Math.log((v * alpha) / (a / (us * us) + b)) <= logBinomial64(k, n, logP, logQ) - logFm) return k;
  }
}

/**
 * Gamma(shape, 1) for shape > 0 (Marsaglia & Tsang 2000; shape < 1 boosted by U^(1/shape)).
 */
export function gammaDraw(shape: number, rng: RandomStream): number {
  if (shape < 1) {
    const g = gammaDraw(shape + 1, rng);
    return g * Math.exp(Math.log(rng.uniform()) / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normalDraw(rng);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Geometric: the number of failures before the first success, by inversion:
 * ⌊log U / log(1 − p)⌋, given log(1 − p) < 0 (−Infinity when p = 1 gives 0).
 */
export function geometricDraw(log1mP: number, rng: RandomStream): number {
  return Math.floor(Math.log(rng.uniform()) / log1mP);
}

/** A float32 uniform in (0, 1): the stream's uniform, kept below 1 after rounding to float32. */
export function uniform32(rng: RandomStream): number {
  const u = Math.fround(rng.uniform());
  return u < 1 ? u : 1 - 2 ** -24;
}

/** `n` float32 uniforms in (0, 1) as a tensor of `shape` (see {@link uniform32}). */
export function uniformTensor(shape: number[], rng: RandomStream): tf.Tensor {
  const n = shape.reduce((a, d) => a * d, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = uniform32(rng);
  return tf.tensor(out, shape, "float32");
}

/** Standard logistic noise log(U/(1 − U)), finite (|value| ≤ 22.2 with 32-bit uniforms), as a tensor. */
export function logisticNoise(shape: number[], rng: RandomStream): tf.Tensor {
  const n = shape.reduce((a, d) => a * d, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    out[i] = Math.log(u) - Math.log1p(-u);
  }
  return tf.tensor(out, shape, "float32");
}

/** Standard Gumbel noise −log(−log U), finite (in [−3.1, 22.2] with 32-bit uniforms), as a tensor. */
export function gumbelNoise(shape: number[], rng: RandomStream): tf.Tensor {
  const n = shape.reduce((a, d) => a * d, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = -Math.log(-Math.log(rng.uniform()));
  return tf.tensor(out, shape, "float32");
}
