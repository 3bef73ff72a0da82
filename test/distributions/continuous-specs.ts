// Specs of the scalar continuous families for continuous-suite.ts: float64 references written from the
// textbook formulas, and float32 tolerances with their derivations. Shared by the per-family test files
// and the wasm check.
//
// Conventions for the derivations: eps32 = 2⁻²⁴ is the unit roundoff; every tfjs float32 op on the CPU
// backend is a correctly rounded float64 result (relative error ≤ eps32), the transcendental kernels
// (exp, log, tan) within ~1 ulp. Inputs are float32 numbers, so x − μ is exact up to one rounding
// (relative eps32 of the difference, no cancellation error). Each bound sums |error| ≤ eps32·|term| over
// the roundings and multiplies by a safety factor of 2–4 (wasm's kernels may be 1–2 ulp); finite-difference
// references (Richardson, truncation ~1e-12 relative) add 1e-9·|reference|.
import * as fc from "fast-check";
import { Cauchy, Gumbel, HalfCauchy, HalfNormal, Laplace, LogNormal, Logistic, Uniform } from "latent";
import { erf, erfc, normalCdf, normalQuantile } from "../../src/testing/stats/special64.js";
import { EPS32, f32, logUniform } from "../helpers.js";
import type { ContinuousSpec, Params } from "./continuous-suite.js";

/** The Euler–Mascheroni constant γ. */
export const EULER = 0.5772156649015329;
const LOG_2PI = Math.log(2 * Math.PI);
const abs = Math.abs;
const log = Math.log;

/** z = (x − loc)/scale for (loc, scale) families. */
const zOf = (x: number, [mu, s]: Params) => (x - mu!) / s!;

// For x = μ + s·t (two roundings), (x − μ)/s differs from the float32 t by ≤ eps32·(|t| + |x|/s); t ≈ (x − μ)/s:
// ≤ 2·eps32·(2|x| + |μ| + s)/s, doubled for safety. dx/dμ = 1 exactly.
const locScaleRsampleTol = (x: number, [mu, s]: Params, _i: number, ref: number) =>
  (4 * EPS32 * (2 * abs(x) + abs(mu!) + s!)) / s! + 1e-9 * abs(ref);

export const gumbelSpec: ContinuousSpec = {
  name: "Gumbel",
  paramNames: ["loc", "scale"],
  make: (loc, scale) => Gumbel(loc!, scale!),
  params: fc.tuple(f32(-10, 10), logUniform(0.05, 20)),
  sampleParams: fc.tuple(f32(-5, 5), logUniform(0.1, 10)),
  quantile: (u, [mu, b]) => mu! - b! * log(-log(u)),
  logpdf: (x, p) => {
    const z = zOf(x, p);
    return -z - Math.exp(-z) - log(p[1]!);
  },
  cdf: (x, p) => Math.exp(-Math.exp(-zOf(x, p))),
  sf: (x, p) => -Math.expm1(-Math.exp(-zOf(x, p))),
  mean: ([mu, b]) => mu! + EULER * b!,
  variance: ([, b]) => (Math.PI ** 2 / 6) * b! ** 2,
  entropy: ([, b]) => log(b!) + EULER + 1,
  kurtosis: () => 3 + 12 / 5,
  inSupport: (x) => Number.isFinite(x),
  paramScale: (p) => p[1]!,
  xScale: (_x, p) => p[1]!,
  tol: {
    // lp = −(z + e^{−z} + log β). x − μ and /β round once each (|δz| ≤ 2·eps32·|z|); e^{−z} adds eps32
    // relative plus the propagated |δz|·e^{−z}; log β eps32·|log β|; three additions eps32 of their partial
    // sums: ≤ 4·eps32·(|z|(1 + e^{−z}) + e^{−z} + |log β| + 1), doubled.
    logProb: (x, p) => {
      const z = zOf(x, p);
      return 8 * EPS32 * (abs(z) * (1 + Math.exp(-z)) + Math.exp(-z) + abs(log(p[1]!)) + 1);
    },
    // μ + β·γ₃₂: three roundings of terms ≤ |μ| + 2βγ.
    mean: ([mu, b]) => 4 * EPS32 * (abs(mu!) + 2 * EULER * b!),
    // β²·(π²/6)₃₂: three relative roundings.
    variance: ([, b]) => 4 * EPS32 * (Math.PI ** 2 / 6) * b! ** 2,
    // log β + (γ + 1)₃₂: each term and the sum rounded once.
    entropy: ([, b]) => 4 * EPS32 * (abs(log(b!)) + 2),
    // ∂/∂μ = −∂/∂x = (1 − e^{−z})/β, ∂/∂β = (z(1 − e^{−z}) − 1)/β, by autodiff: a few roundings of terms of
    // size 1 + e^{−z}, where e^{−z} carries the relative error 2·eps32·|z| of z.
    grad: (x, p, i, ref) => {
      const z = zOf(x, p);
      const g = 1 + Math.exp(-z) * (1 + abs(z));
      return (8 * EPS32 * g * (i === 1 ? 1 + abs(z) : 1)) / p[1]! + 1e-9 * abs(ref);
    },
    rsampleGrad: locScaleRsampleTol,
  },
};

export const logisticSpec: ContinuousSpec = {
  name: "Logistic",
  paramNames: ["loc", "scale"],
  make: (loc, scale) => Logistic(loc!, scale!),
  params: fc.tuple(f32(-10, 10), logUniform(0.05, 20)),
  sampleParams: fc.tuple(f32(-5, 5), logUniform(0.1, 10)),
  quantile: (u, [mu, s]) => mu! + s! * (log(u) - Math.log1p(-u)),
  logpdf: (x, p) => {
    const a = abs(zOf(x, p));
    return -a - 2 * Math.log1p(Math.exp(-a)) - log(p[1]!);
  },
  cdf: (x, p) => 1 / (1 + Math.exp(-zOf(x, p))),
  sf: (x, p) => 1 / (1 + Math.exp(zOf(x, p))),
  mean: ([mu]) => mu!,
  variance: ([, s]) => (Math.PI ** 2 / 3) * s! ** 2,
  entropy: ([, s]) => log(s!) + 2,
  kurtosis: () => 3 + 6 / 5,
  inSupport: (x) => Number.isFinite(x),
  paramScale: (p) => p[1]!,
  xScale: (_x, p) => p[1]!,
  tol: {
    // lp = −(z + 2·softplus(−z) + log s). z has relative error 2·eps32; softplus(−z) is ≤ |z| + log 2 with a
    // few eps32 relative; for z ≪ 0 the sum −z − 2softplus(−z) ≈ z cancels terms of size 3|z|:
    // ≤ 4·eps32·(3|z| + |log s| + 1), rounded up.
    logProb: (x, p) => 16 * EPS32 * (abs(zOf(x, p)) + abs(log(p[1]!)) + 1),
    // the loc itself, broadcast: exact.
    mean: () => 0,
    variance: ([, s]) => 4 * EPS32 * (Math.PI ** 2 / 3) * s! ** 2,
    entropy: ([, s]) => 4 * EPS32 * (abs(log(s!)) + 2),
    // ∂/∂μ = −∂/∂x = tanh(z/2)/s, ∂/∂s = (z·tanh(z/2) − 1)/s: a few roundings of terms ≤ 1 (times |z| for s).
    grad: (x, p, i, ref) => (8 * EPS32 * (1 + (i === 1 ? abs(zOf(x, p)) : 0))) / p[1]! + 1e-9 * abs(ref),
    rsampleGrad: locScaleRsampleTol,
  },
};

export const laplaceSpec: ContinuousSpec = {
  name: "Laplace",
  paramNames: ["loc", "scale"],
  make: (loc, scale) => Laplace(loc!, scale!),
  params: fc.tuple(f32(-10, 10), logUniform(0.05, 20)),
  sampleParams: fc.tuple(f32(-5, 5), logUniform(0.1, 10)),
  quantile: (u, [mu, b]) => (u < 0.5 ? mu! + b! * log(2 * u) : mu! - b! * log(2 * (1 - u))),
  logpdf: (x, p) => -abs(zOf(x, p)) - log(2 * p[1]!),
  cdf: (x, p) => {
    const z = zOf(x, p);
    return z < 0 ? 0.5 * Math.exp(z) : 1 - 0.5 * Math.exp(-z);
  },
  sf: (x, p) => {
    const z = zOf(x, p);
    return z > 0 ? 0.5 * Math.exp(-z) : 1 - 0.5 * Math.exp(z);
  },
  mean: ([mu]) => mu!,
  variance: ([, b]) => 2 * b! ** 2,
  entropy: ([, b]) => 1 + log(2 * b!),
  kurtosis: () => 6,
  inSupport: (x) => Number.isFinite(x),
  paramScale: (p) => p[1]!,
  xScale: (_x, p) => p[1]!,
  kinks: ([mu]) => [mu!],
  tol: {
    // lp = −(|x − μ|/b + log b + log 2): four roundings of terms ≤ |z| + |log b| + 1.
    logProb: (x, p) => 8 * EPS32 * (abs(zOf(x, p)) + abs(log(p[1]!)) + 1),
    mean: () => 0,
    // 2·b²: one rounding of b² (doubling is exact).
    variance: ([, b]) => 2 * EPS32 * 2 * b! ** 2,
    entropy: ([, b]) => 4 * EPS32 * (abs(log(b!)) + 2),
    // ∂/∂μ = −∂/∂x = sign(z)/b, ∂/∂b = (|z| − 1)/b: two or three roundings.
    grad: (x, p, i, ref) => (8 * EPS32 * (1 + (i === 1 ? abs(zOf(x, p)) : 0))) / p[1]! + 1e-9 * abs(ref),
    rsampleGrad: locScaleRsampleTol,
  },
};

export const cauchySpec: ContinuousSpec = {
  name: "Cauchy",
  paramNames: ["loc", "scale"],
  make: (loc, scale) => Cauchy(loc!, scale!),
  params: fc.tuple(f32(-10, 10), logUniform(0.05, 20)),
  sampleParams: fc.tuple(f32(-5, 5), logUniform(0.1, 10)),
  // tan(π(u − ½)) = −cot(πu) = −1/tan(πu), and = cot(π(1 − u)) near 1: no loss at either end.
  quantile: (u, [mu, g]) => (u < 0.5 ? mu! - g! / Math.tan(Math.PI * u) : mu! + g! / Math.tan(Math.PI * (1 - u))),
  logpdf: (x, p) => -log(Math.PI * p[1]!) - Math.log1p(zOf(x, p) ** 2),
  // F(x) = ½ + atan(z)/π = atan2(1, −z)/π: full relative accuracy in the lower tail.
  cdf: (x, p) => Math.atan2(1, -zOf(x, p)) / Math.PI,
  sf: (x, p) => Math.atan2(1, zOf(x, p)) / Math.PI,
  mean: () => NaN,
  variance: () => Infinity,
  entropy: ([, g]) => log(4 * Math.PI * g!),
  inSupport: (x) => Number.isFinite(x),
  paramScale: (p) => p[1]!,
  xScale: (x, p) => (p[1]! * (1 + abs(zOf(x, p)))) / 2,
  tol: {
    // lp = −(log1p(z²) + log γ + log π). z has relative error 2·eps32, which moves log1p(z²) by
    // ≤ 2z²/(1 + z²)·2·eps32 ≤ 4·eps32; log1pSquare itself is within a few eps32 of its value; plus the logs
    // and additions: ≤ 4·eps32·(log1p(z²) + |log γ| + 3), doubled.
    logProb: (x, p) => 8 * EPS32 * (Math.log1p(zOf(x, p) ** 2) + abs(log(p[1]!)) + 3),
    mean: () => 0,
    variance: () => 0,
    entropy: ([, g]) => 4 * EPS32 * (abs(log(g!)) + 3),
    // ∂/∂μ = −∂/∂x = 2z/((1 + z²)γ) (≤ 1/γ), ∂/∂γ = (2z²/(1 + z²) − 1)/γ (≤ 1/γ): a few roundings of terms ≤ 2/γ.
    grad: (_x, p, _i, ref) => (16 * EPS32) / p[1]! + 1e-9 * abs(ref),
    rsampleGrad: locScaleRsampleTol,
  },
};

export const halfCauchySpec: ContinuousSpec = {
  name: "HalfCauchy",
  paramNames: ["scale"],
  make: (scale) => HalfCauchy(scale!),
  params: fc.tuple(logUniform(0.05, 20)),
  sampleParams: fc.tuple(logUniform(0.1, 10)),
  quantile: (u, [s]) => (u < 0.5 ? s! * Math.tan((Math.PI * u) / 2) : s! / Math.tan((Math.PI * (1 - u)) / 2)),
  logpdf: (x, [s]) => log(2 / Math.PI) - log(s!) - Math.log1p((x / s!) ** 2),
  cdf: (x, [s]) => (2 / Math.PI) * Math.atan(x / s!),
  sf: (x, [s]) => (2 / Math.PI) * Math.atan(s! / x),
  mean: () => Infinity,
  variance: () => Infinity,
  entropy: ([s]) => log(2 * Math.PI * s!),
  inSupport: (x) => x >= 0 && Number.isFinite(x),
  paramScale: (p) => p[0]!,
  xScale: (x, [s]) => (s! + abs(x)) / 2,
  tol: {
    // As Cauchy with z = x/σ (one rounding).
    logProb: (x, [s]) => 8 * EPS32 * (Math.log1p((x / s!) ** 2) + abs(log(s!)) + 3),
    mean: () => 0,
    variance: () => 0,
    entropy: ([s]) => 4 * EPS32 * (abs(log(s!)) + 3),
    grad: (_x, [s], _i, ref) => (16 * EPS32) / s! + 1e-9 * abs(ref),
    // x = fl(σ·c) with c = cot(πw) in float32 and dx/dσ = c: x/σ = c(1 + δ), |δ| ≤ eps32; doubled.
    rsampleGrad: (x, [s], _i, ref) => (4 * EPS32 * x) / s! + 1e-9 * abs(ref),
  },
};

export const halfNormalSpec: ContinuousSpec = {
  name: "HalfNormal",
  paramNames: ["scale"],
  make: (scale) => HalfNormal(scale!),
  params: fc.tuple(logUniform(0.05, 20)),
  sampleParams: fc.tuple(logUniform(0.1, 10)),
  // F⁻¹(u) = σ·Φ⁻¹((1 + u)/2) = −σ·Φ⁻¹((1 − u)/2); for tiny u the density is flat: σ·u·√(π/2).
  quantile: (u, [s]) => (u < 1e-9 ? s! * u * Math.sqrt(Math.PI / 2) : -s! * normalQuantile((1 - u) / 2)),
  logpdf: (x, [s]) => 0.5 * log(2 / Math.PI) - log(s!) - 0.5 * (x / s!) ** 2,
  cdf: (x, [s]) => erf(x / (s! * Math.SQRT2)),
  sf: (x, [s]) => erfc(x / (s! * Math.SQRT2)),
  mean: ([s]) => s! * Math.sqrt(2 / Math.PI),
  variance: ([s]) => s! ** 2 * (1 - 2 / Math.PI),
  entropy: ([s]) => 0.5 * log(Math.PI / 2) + 0.5 + log(s!),
  kurtosis: () => 3 + (8 * (Math.PI - 3)) / (Math.PI - 2) ** 2,
  inSupport: (x) => x >= 0 && Number.isFinite(x),
  paramScale: (p) => p[0]!,
  xScale: (_x, [s]) => s!,
  tol: {
    // lp = −½z² − (log σ − ½ log(2/π)₃₂), z = x/σ: z² has relative error 3·eps32; the rest as usual.
    logProb: (x, [s]) => 8 * EPS32 * ((x / s!) ** 2 + abs(log(s!)) + 1),
    // σ·(√(2/π))₃₂ and σ²·(1 − 2/π)₃₂: two or three relative roundings.
    mean: ([s]) => 4 * EPS32 * s! * Math.sqrt(2 / Math.PI),
    variance: ([s]) => 4 * EPS32 * s! ** 2 * (1 - 2 / Math.PI),
    entropy: ([s]) => 4 * EPS32 * (abs(log(s!)) + 2),
    // ∂/∂σ = (z² − 1)/σ, ∂/∂x = −z/σ: a few roundings of terms ≤ (z² + 1)/σ.
    grad: (x, [s], _i, ref) => (8 * EPS32 * ((x / s!) ** 2 + 1)) / s! + 1e-9 * abs(ref),
    // x = fl(σ·|ε|), dx/dσ = |ε|: x/σ = |ε|(1 + δ), |δ| ≤ eps32; doubled.
    rsampleGrad: (x, [s], _i, ref) => (4 * EPS32 * x) / s! + 1e-9 * abs(ref),
  },
};

/** LogNormal: z = (log x − μ)/σ in float64. */
const lnZ = (x: number, [mu, s]: Params) => (log(x) - mu!) / s!;

export const logNormalSpec: ContinuousSpec = {
  name: "LogNormal",
  paramNames: ["loc", "scale"],
  make: (loc, scale) => LogNormal(loc!, scale!),
  params: fc.tuple(f32(-5, 5), logUniform(0.05, 5)),
  // σ ≤ 0.5 keeps the kurtosis ≤ 9 so that n = 20,000 draws resolve the variance (see the suite).
  sampleParams: fc.tuple(f32(-2, 2), logUniform(0.1, 0.5)),
  quantile: (u, [mu, s]) => Math.exp(mu! + s! * normalQuantile(u)),
  logpdf: (x, p) => -0.5 * lnZ(x, p) ** 2 - log(x) - log(p[1]!) - 0.5 * LOG_2PI,
  cdf: (x, p) => normalCdf(lnZ(x, p)),
  sf: (x, p) => normalCdf(-lnZ(x, p)),
  mean: ([mu, s]) => Math.exp(mu! + s! ** 2 / 2),
  variance: ([mu, s]) => Math.expm1(s! ** 2) * Math.exp(2 * mu! + s! ** 2),
  entropy: ([mu, s]) => mu! + 0.5 + 0.5 * LOG_2PI + log(s!),
  kurtosis: ([, s]) => Math.exp(4 * s! ** 2) + 2 * Math.exp(3 * s! ** 2) + 3 * Math.exp(2 * s! ** 2) - 3,
  inSupport: (x) => x > 0 && Number.isFinite(x),
  paramScale: (p) => p[1]!,
  xScale: (x, p) => (x * Math.min(1, p[1]!)) / (1 + abs(lnZ(x, p))),
  tol: {
    // lp = −½z² − (log σ + ½ log 2π + l), l = log x rounded (|δl| ≤ eps32·|l|), z = (l − μ)/σ:
    // |δz| ≤ eps32·(|l|/σ + 2|z|), so ½z² is off by ≤ eps32·(|z|·|l|/σ + 3z²); the other terms eps32 each:
    // ≤ 4·eps32·(z² + |z|·|l|/σ + |l| + |log σ| + 1), doubled.
    logProb: (x, p) => {
      const z = lnZ(x, p);
      const l = abs(log(x));
      return 8 * EPS32 * (z * z + (abs(z) * l) / p[1]! + l + abs(log(p[1]!)) + 1);
    },
    // exp(μ + σ²/2): the argument is off by ≤ eps32·(|μ| + σ²), the exp adds eps32 relative.
    mean: ([mu, s]) => 4 * EPS32 * Math.exp(mu! + s! ** 2 / 2) * (abs(mu!) + s! ** 2 + 1),
    // e^{2(μ + σ²)}·(−expm1(−σ²)): argument off by ≤ 2·eps32·(|μ| + 2σ²), expm1 and the product eps32 each.
    variance: ([mu, s]) => 4 * EPS32 * Math.expm1(s! ** 2) * Math.exp(2 * mu! + s! ** 2) * (2 * abs(mu!) + 4 * s! ** 2 + 3),
    entropy: ([mu, s]) => 4 * EPS32 * (abs(mu!) + abs(log(s!)) + 2),
    // ∂/∂μ = z/σ, ∂/∂σ = (z² − 1)/σ, ∂/∂x = −(z/σ + 1)/x, with D = |l|/σ + 3|z| + 1 bounding |δz|/eps32 plus
    // the rounding of the quotient: errors ≤ 8·eps32·D/σ, 8·eps32·(|z|D + z² + 1)/σ and 8·eps32·(D/σ + 1)/x.
    grad: (x, p, i, ref) => {
      const z = lnZ(x, p);
      const s = p[1]!;
      const dz = abs(log(x)) / s + 3 * abs(z) + 1;
      const t = i === 0 ? dz / s : i === 1 ? (abs(z) * dz + z * z + 1) / s : (dz / s + 1) / x;
      return 8 * EPS32 * t + 1e-9 * abs(ref);
    },
    // x = exp(fl(μ + fl(σε)))(1 + δ): dx/dμ is that same float32 x (exact), dx/dσ = x·ε; the oracle
    // x·(log x − μ)/σ sees log x off by ≤ eps32·(σ|ε| + |μ + σε| + 1): ≤ 2·eps32·x·(|log x| + |μ| + 2σ|ε| + 1)/σ.
    rsampleGrad: (x, p, _i, ref) => {
      const s = p[1]!;
      return (4 * EPS32 * x * (abs(log(x)) + abs(p[0]!) + 2 * s * abs(lnZ(x, p)) + 1)) / s + 1e-9 * abs(ref);
    },
  },
};

export const uniformSpec: ContinuousSpec = {
  name: "Uniform",
  paramNames: ["low", "high"],
  make: (low, high) => Uniform(low!, high!),
  // low and a width, so that low < high; high = low + width rounded (still > low: width ≥ 0.05 ≫ ulp(10)).
  params: fc.tuple(f32(-10, 10), logUniform(0.05, 20)).map(([a, w]) => [a, Math.fround(a + w)] as Params),
  sampleParams: fc.tuple(f32(-5, 5), logUniform(0.1, 10)).map(([a, w]) => [a, Math.fround(a + w)] as Params),
  quantile: (u, [a, b]) => a! + (b! - a!) * u,
  logpdf: (x, [a, b]) => (x >= a! && x <= b! ? -log(b! - a!) : -Infinity),
  cdf: (x, [a, b]) => Math.min(1, Math.max(0, (x - a!) / (b! - a!))),
  sf: (x, [a, b]) => Math.min(1, Math.max(0, (b! - x) / (b! - a!))),
  mean: ([a, b]) => (a! + b!) / 2,
  variance: ([a, b]) => (b! - a!) ** 2 / 12,
  entropy: ([a, b]) => log(b! - a!),
  kurtosis: () => 9 / 5,
  inSupport: (x, [a, b]) => x >= a! && x <= b!,
  paramScale: ([a, b]) => b! - a!,
  xScale: (_x, [a, b]) => b! - a!,
  kinks: ([a, b]) => [a!, b!],
  tol: {
    // −(log(b/2 − a/2) + log 2): the halves are exact, the difference, log and sum round once each.
    logProb: (_x, [a, b]) => 4 * EPS32 * (abs(log(b! - a!)) + 1),
    // a/2 + b/2: one rounding of the sum of terms ≤ (|a| + |b|)/2.
    mean: ([a, b]) => 2 * EPS32 * (abs(a!) + abs(b!)),
    // h²/3 with h = b/2 − a/2: h relative eps32, h² 3·eps32, the division eps32: ≤ 4·eps32·var, with margin.
    variance: ([a, b]) => 8 * EPS32 * ((b! - a!) ** 2 / 12),
    entropy: ([a, b]) => 4 * EPS32 * (abs(log(b! - a!)) + 1),
    // ∂/∂a = 1/(b − a) = −∂/∂b (from log(b/2 − a/2)), ∂/∂x = 0: two or three roundings.
    grad: (_x, [a, b], _i, ref) => (8 * EPS32) / (b! - a!) + 1e-9 * abs(ref),
    // dx/da = 1 − u, dx/db = u in float32, while the oracle recovers u from x = fl(a + fl(fl(b − a)·u)),
    // which loses eps32·(|a| + |x| + (b − a))/(b − a): doubled.
    rsampleGrad: (x, [a, b], _i, ref) => (4 * EPS32 * (abs(a!) + abs(x) + (b! - a!))) / (b! - a!) + 1e-9 * abs(ref),
  },
};
