// Specs of the closed-form KL rules for kl-suite.ts: float64 references (the textbook formulas, written
// independently of the float32 arrangement in src/kl), the float64 log-densities for Monte Carlo and
// quadrature, and the float32 error model Σ|terms| with its constant c.
//
// Error model (eps32 = 2⁻²⁴ the unit roundoff; tfjs CPU ops are correctly rounded, transcendental kernels
// within ~1 ulp, lgamma within 4·eps32 relative): each float32 op adds eps32 relative to its result; an
// input error δ of an argument u propagates as |∂T/∂u|·δ into a term T. Σ|terms| below collects the
// magnitudes of the terms and of the propagated errors (in units of eps32); c = 8 covers the ≤ 4 roundings
// per term with a factor 2 for safety (the measured maximum of |KL₃₂ − KL₆₄|/(eps32·(1 + Σ|terms|)) is
// reported in each test's comment). Gradients: every term T varies in a parameter θ on that parameter's
// scale s_θ, so its derivative and the rounding error of the backward pass are ≲ c·eps32·(1 + Σ|terms|)/s_θ,
// with a factor 4 for the chain of ops in the backward pass.
import * as fc from "fast-check";
import digamma64 from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import { Gumbel, HalfNormal, Laplace, LogNormal, Normal, Uniform } from "latent";
import { erf } from "../../src/testing/stats/special64.js";
import { EPS32, f32, logUniform } from "../helpers.js";
import { EULER, gumbelSpec, halfNormalSpec, laplaceSpec, logNormalSpec, uniformSpec } from "../distributions/continuous-specs.js";
import type { KLSpec, Params } from "./kl-suite.js";

const abs = Math.abs;
const log = Math.log;
const LOG_2PI = log(2 * Math.PI);
const normalLogpdf = (x: number, [mu, s]: Params) => -0.5 * ((x - mu!) / s!) ** 2 - log(s!) - 0.5 * LOG_2PI;

/** The gradient tolerance shared by all rules (see the header). */
const gradTol = (c: number, size: (p: Params, q: Params) => number, scale: (p: Params, q: Params, i: number) => number) =>
  (p: Params, q: Params, i: number, ref: number) => (4 * c * EPS32 * (1 + size(p, q))) / scale(p, q, i) + 1e-9 * abs(ref);

/** Loc-scale pairs (μ, σ): the FD scale of both parameters is σ. */
const locScaleScale = (p: Params, q: Params, i: number) => (i < 2 ? p[1]! : q[1]!);

// ——— LogNormal ‖ LogNormal ———
// ½(expm1 t − t) + ½d², t = 2(log σp − log σq), d = (μp − μq)/σq. t carries the absolute error
// 2·eps32·(|log σp| + |log σq|) of the two logs, which moves ½(e^t − 1 − t) by ½|expm1 t|·δt.
const lnSize = ([mp, sp]: Params, [mq, sq]: Params) => {
  const t = 2 * log(sp! / sq!);
  const d = (mp! - mq!) / sq!;
  return 0.5 * (abs(Math.expm1(t)) + abs(t) + d * d) + abs(Math.expm1(t)) * (abs(log(sp!)) + abs(log(sq!)));
};
const locScalePairs = (lo: number, hi: number, smin: number, smax: number) =>
  fc.tuple(fc.tuple(f32(lo, hi), logUniform(smin, smax)), fc.tuple(f32(lo, hi), logUniform(smin, smax)));

export const logNormalKL: KLSpec = {
  name: "LogNormal ‖ LogNormal",
  makeP: (m, s) => LogNormal(m!, s!),
  makeQ: (m, s) => LogNormal(m!, s!),
  pairs: locScalePairs(-5, 5, 0.05, 20),
  mcPairs: locScalePairs(-2, 2, 0.3, 3),
  mcN: 50_000,
  kl64: ([mp, sp], [mq, sq]) => log(sq! / sp!) + (sp! ** 2 + (mp! - mq!) ** 2) / (2 * sq! ** 2) - 0.5,
  logp64: logNormalSpec.logpdf,
  logq64: logNormalSpec.logpdf,
  size: lnSize,
  c: 8,
  // over y = log x ∈ ℝ, where p is Normal(μ, σ²)
  breaks: () => [-Infinity, Infinity],
  center: ([m, s]) => [m!, s!],
  logSpace: true,
  paramScale: locScaleScale,
  gradTol: gradTol(8, lnSize, locScaleScale),
  sameFamily: true,
};

// ——— HalfNormal ‖ HalfNormal ——— ½(expm1 t − t), t as above.
const hnSize = ([sp]: Params, [sq]: Params) => {
  const t = 2 * log(sp! / sq!);
  return 0.5 * (abs(Math.expm1(t)) + abs(t)) + abs(Math.expm1(t)) * (abs(log(sp!)) + abs(log(sq!)));
};
const scaleOnly = (p: Params, q: Params, i: number) => (i < 1 ? p[0]! : q[0]!);

export const halfNormalKL: KLSpec = {
  name: "HalfNormal ‖ HalfNormal",
  makeP: (s) => HalfNormal(s!),
  makeQ: (s) => HalfNormal(s!),
  pairs: fc.tuple(fc.tuple(logUniform(0.05, 20)), fc.tuple(logUniform(0.05, 20))),
  mcPairs: fc.tuple(fc.tuple(logUniform(0.3, 3)), fc.tuple(logUniform(0.3, 3))),
  mcN: 50_000,
  kl64: ([sp], [sq]) => log(sq! / sp!) + sp! ** 2 / (2 * sq! ** 2) - 0.5,
  logp64: halfNormalSpec.logpdf,
  logq64: halfNormalSpec.logpdf,
  size: hnSize,
  c: 8,
  breaks: () => [0, Infinity],
  center: ([s]) => [0, s!],
  paramScale: scaleOnly,
  gradTol: gradTol(8, hnSize, scaleOnly),
  sameFamily: true,
};

// ——— Laplace ‖ Laplace ———
// (expm1 ρ − ρ) + r(a + expm1(−a)), ρ = log bp − log bq (absolute error eps32·(|log bp| + |log bq|)),
// r = bp/bq, a = |μp − μq|/bp (relative error 2·eps32, moving expm1(−a) by ≤ 2·eps32·a·e^{−a}).
const lapSize = ([mp, bp]: Params, [mq, bq]: Params) => {
  const rho = log(bp! / bq!);
  const r = bp! / bq!;
  const a = abs(mp! - mq!) / bp!;
  return abs(Math.expm1(rho)) * (1 + abs(log(bp!)) + abs(log(bq!))) + abs(rho) + r * (2 * a + abs(Math.expm1(-a)));
};

export const laplaceKL: KLSpec = {
  name: "Laplace ‖ Laplace",
  makeP: (m, b) => Laplace(m!, b!),
  makeQ: (m, b) => Laplace(m!, b!),
  pairs: locScalePairs(-5, 5, 0.05, 20),
  mcPairs: locScalePairs(-2, 2, 0.3, 3),
  mcN: 50_000,
  kl64: ([mp, bp], [mq, bq]) => {
    const d = abs(mp! - mq!);
    return log(bq! / bp!) + d / bq! + (bp! / bq!) * Math.exp(-d / bp!) - 1;
  },
  logp64: laplaceSpec.logpdf,
  logq64: laplaceSpec.logpdf,
  size: lapSize,
  c: 8,
  breaks: ([mp], [mq]) => [-Infinity, Math.min(mp!, mq!), Math.max(mp!, mq!), Infinity],
  center: ([m, b]) => [m!, b!],
  paramScale: locScaleScale,
  gradTol: gradTol(8, lapSize, locScaleScale),
  sameFamily: true,
};

// ——— Gumbel ‖ Gumbel ———
// (expm1 y − y) + (lgamma r + γ(r − 1)), r = βp/βq, δ = (μp − μq)/βq, y = lgamma(1 + r) − δ. The error
// of y (units of eps32): (1 + r)|ψ(1 + r)| from rounding 1 + r, 4|lgamma(1 + r)| from lgamma, 2|δ|, |y|;
// it moves expm1 y − y by |expm1 y|·δy. lgamma(r) adds 4|lgamma r| + r|ψ(r)| (from r's rounding).
const gumbelParts = ([mp, bp]: Params, [mq, bq]: Params) => {
  const r = bp! / bq!;
  const delta = (mp! - mq!) / bq!;
  const y = gammaln(1 + r) - delta;
  return { r, delta, y };
};
const gumSize = (p: Params, q: Params) => {
  const { r, delta, y } = gumbelParts(p, q);
  const ey = (1 + r) * abs(digamma64(1 + r)) + 4 * abs(gammaln(1 + r)) + 2 * abs(delta) + abs(y);
  return abs(Math.expm1(y)) * (1 + ey) + abs(y) + ey + 4 * abs(gammaln(r)) + r * abs(digamma64(r)) + EULER * abs(r - 1);
};
/** Pairs built from q = (μq, βq), the ratio r = βp/βq and δ = (μp − μq)/βq, so that y ≤ 63 (e^y finite in float32). */
const gumbelPairs = (rmin: number, rmax: number, dmax: number, smin: number, smax: number) =>
  fc
    .tuple(f32(-5, 5), logUniform(smin, smax), logUniform(rmin, rmax), f32(-dmax, dmax))
    .map(([mq, bq, r, d]) => [[Math.fround(mq + d * bq), Math.fround(r * bq)], [mq, bq]] as const);

export const gumbelKL: KLSpec = {
  name: "Gumbel ‖ Gumbel",
  makeP: (m, b) => Gumbel(m!, b!),
  makeQ: (m, b) => Gumbel(m!, b!),
  pairs: gumbelPairs(0.05, 20, 20, 0.05, 20),
  // r ≤ 1.5: the log-ratio contains e^{−δ}·E^r with E ~ Exp(1), skewness ≤ ~4 (Edgeworth factor ≤ 1.5).
  mcPairs: gumbelPairs(0.5, 1.5, 2, 0.3, 3),
  mcN: 50_000,
  kl64: ([mp, bp], [mq, bq]) => {
    const r = bp! / bq!;
    return log(bq! / bp!) + EULER * (r - 1) + (mp! - mq!) / bq! + Math.exp((mq! - mp!) / bq! + gammaln(1 + r)) - 1;
  },
  logp64: gumbelSpec.logpdf,
  logq64: gumbelSpec.logpdf,
  size: gumSize,
  c: 8,
  breaks: () => [-Infinity, Infinity],
  center: ([m, b]) => [m!, b!],
  paramScale: locScaleScale,
  gradTol: gradTol(8, gumSize, locScaleScale),
  sameFamily: true,
};

// ——— Uniform ‖ Uniform ——— log hq − log hp with h = b/2 − a/2: each log eps32·|log h| (plus eps32 from h).
const uuSize = ([ap, bp]: Params, [aq, bq]: Params) => abs(log(bp! - ap!)) + abs(log(bq! - aq!)) + 2;
const widthScale = (p: Params, q: Params, i: number) => (i < 2 ? p[1]! - p[0]! : q[1]! - q[0]!);
/** q = [aq, bq] and p strictly inside it: ap = aq + f·w, bp = ap + g·(bq − ap) (touching bounds: see the test file). */
const nestedPairs = (wmin: number, wmax: number) =>
  fc
    .tuple(f32(-10, 10), logUniform(wmin, wmax), fc.double({ min: 0.01, max: 0.9, noNaN: true }), fc.double({ min: 0.05, max: 0.99, noNaN: true }))
    .map(([aq, w, f, g]) => {
      const bq = Math.fround(aq + w);
      const ap = Math.fround(aq + f * (bq - aq));
      const bp = Math.fround(ap + g * (bq - ap));
      return [[ap, bp], [aq, bq]] as const;
    })
    .filter(([[ap, bp], [aq, bq]]) => aq < ap && ap < bp && bp < bq);

export const uniformKL: KLSpec = {
  name: "Uniform ‖ Uniform",
  makeP: (a, b) => Uniform(a!, b!),
  makeQ: (a, b) => Uniform(a!, b!),
  pairs: nestedPairs(0.05, 20),
  mcPairs: nestedPairs(0.1, 10),
  mcN: 10_000,
  kl64: ([ap, bp], [aq, bq]) => (aq! <= ap! && bp! <= bq! ? log((bq! - aq!) / (bp! - ap!)) : Infinity),
  logp64: uniformSpec.logpdf,
  logq64: uniformSpec.logpdf,
  size: uuSize,
  c: 8,
  breaks: ([ap, bp]) => [ap!, bp!],
  center: ([a, b]) => [(a! + b!) / 2, b! - a!],
  // The FD step (1e-3 of this) must keep p inside q: at most half the smaller gap between the bounds.
  paramScale: (p, q, i) => Math.min(widthScale(p, q, i), (p[0]! - q[0]!) / 2, (q[1]! - p[1]!) / 2),
  gradTol: gradTol(8, uuSize, widthScale),
  sameFamily: true,
};

// ——— Normal ‖ Laplace ———
// log b − log σ + (log 2 − ½ log 2πe) + (σ/b)·F, F = 2φ(δ) + δ(1 − 2Φ(−δ)), δ = (μ − m)/σ. In F, e^{−δ²/2}
// carries δ's relative error 2·eps32 as δ²·eps32, and ndtr's 4·eps32 relative error moves δ(1 − 2Φ) by
// ≤ 8·eps32·|δ|Φ(−|δ|)... bounded by 8·eps32·|δ|; the quotient σ/b and product add eps32·(σ/b)F each.
const nlSize = ([mu, s]: Params, [m, b]: Params) => {
  const d = (mu! - m!) / s!;
  const phi2 = 2 * Math.exp(-0.5 * d * d) / Math.sqrt(2 * Math.PI);
  return abs(log(b!)) + abs(log(s!)) + 2 + (s! / b!) * (phi2 * (1 + d * d) + 4 * abs(d) + 1);
};

export const normalLaplaceKL: KLSpec = {
  name: "Normal ‖ Laplace",
  makeP: (m, s) => Normal(m!, s!),
  makeQ: (m, b) => Laplace(m!, b!),
  pairs: locScalePairs(-5, 5, 0.05, 20),
  mcPairs: locScalePairs(-2, 2, 0.3, 3),
  mcN: 50_000,
  kl64: ([mu, s], [m, b]) => {
    const d = (mu! - m!) / s!;
    const folded = Math.sqrt(2 / Math.PI) * Math.exp(-0.5 * d * d) + d * erf(d / Math.SQRT2);
    return log((2 * b!) / s!) - 0.5 * (LOG_2PI + 1) + (s! / b!) * folded;
  },
  logp64: normalLogpdf,
  logq64: laplaceSpec.logpdf,
  size: nlSize,
  c: 8,
  breaks: (_p, [m]) => [-Infinity, m!, Infinity],
  center: ([m, s]) => [m!, s!],
  paramScale: locScaleScale,
  gradTol: gradTol(8, nlSize, locScaleScale),
  sameFamily: false,
};

// ——— Normal ‖ Gumbel ———
// (expm1 y − y) + (r²/2 − log r) + (1 − ½ log 2πe), r = σ/β, δ = (μ − m)/β, y = r²/2 − δ; y's error
// (units of eps32) r² + 2|δ| + |y| moves the first term by |expm1 y|·δy.
const ngParts = ([mu, s]: Params, [m, b]: Params) => {
  const r = s! / b!;
  const delta = (mu! - m!) / b!;
  return { r, delta, y: 0.5 * r * r - delta };
};
const ngSize = (p: Params, q: Params) => {
  const { r, delta, y } = ngParts(p, q);
  const ey = r * r + 2 * abs(delta) + abs(y);
  return abs(Math.expm1(y)) * (1 + ey) + abs(y) + r * r + abs(log(r)) + 1 + ey;
};
/** Pairs from q = (m, β), r = σ/β and δ = (μ − m)/β, keeping y = r²/2 − δ ≤ 33 (finite in float32). */
const ngPairs = (rmin: number, rmax: number, dmax: number, smin: number, smax: number) =>
  fc
    .tuple(f32(-5, 5), logUniform(smin, smax), logUniform(rmin, rmax), f32(-dmax, dmax))
    .map(([m, b, r, d]) => [[Math.fround(m + d * b), Math.fround(r * b)], [m, b]] as const);

export const normalGumbelKL: KLSpec = {
  name: "Normal ‖ Gumbel",
  makeP: (m, s) => Normal(m!, s!),
  makeQ: (m, b) => Gumbel(m!, b!),
  pairs: ngPairs(0.05, 5, 20, 0.05, 20),
  // r ≤ 0.7: the log-ratio's e^{−(x − m)/β} is lognormal with log-sd r, skewness ≤ 2.9.
  mcPairs: ngPairs(0.2, 0.7, 2, 0.3, 3),
  mcN: 50_000,
  kl64: ([mu, s], [m, b]) => log(b! / s!) - 0.5 * (LOG_2PI + 1) + (mu! - m!) / b! + Math.exp(-(mu! - m!) / b! + s! ** 2 / (2 * b! ** 2)),
  logp64: normalLogpdf,
  logq64: gumbelSpec.logpdf,
  size: ngSize,
  c: 8,
  breaks: () => [-Infinity, Infinity],
  center: ([m, s]) => [m!, s!],
  paramScale: locScaleScale,
  gradTol: gradTol(8, ngSize, locScaleScale),
  sameFamily: false,
};

// ——— Uniform ‖ Normal ———
// log σ − log h + (½ log 2π − log 2) + h²/(6σ²) + ½((c − μ)/σ)², h = b/2 − a/2, c = a/2 + b/2. The midpoint c
// carries eps32·(|a| + |b|)/2, which moves the last term by |c − μ|·(|a| + |b|)/(2σ²)·eps32.
const unSize = ([a, b]: Params, [mu, s]: Params) => {
  const h = (b! - a!) / 2;
  const c = (a! + b!) / 2;
  return abs(log(s!)) + abs(log(h)) + 1 + h * h / (6 * s! ** 2) + 0.5 * ((c - mu!) / s!) ** 2 + (abs(c - mu!) * (abs(a!) + abs(b!) + abs(mu!))) / s! ** 2;
};
const unScale = (p: Params, q: Params, i: number) => (i < 2 ? p[1]! - p[0]! : q[1]!);

export const uniformNormalKL: KLSpec = {
  name: "Uniform ‖ Normal",
  makeP: (a, b) => Uniform(a!, b!),
  makeQ: (m, s) => Normal(m!, s!),
  pairs: fc.tuple(uniformSpec.params, fc.tuple(f32(-10, 10), logUniform(0.05, 20))),
  mcPairs: fc.tuple(uniformSpec.sampleParams, fc.tuple(f32(-5, 5), logUniform(0.3, 10))),
  mcN: 20_000,
  kl64: ([a, b], [mu, s]) => {
    const w = b! - a!;
    return -log(w) + log(s!) + 0.5 * LOG_2PI + (w * w / 12 + ((a! + b!) / 2 - mu!) ** 2) / (2 * s! ** 2);
  },
  logp64: uniformSpec.logpdf,
  logq64: normalLogpdf,
  size: unSize,
  c: 8,
  breaks: ([a, b]) => [a!, b!],
  center: ([a, b]) => [(a! + b!) / 2, b! - a!],
  paramScale: unScale,
  gradTol: gradTol(8, unSize, unScale),
  sameFamily: false,
};
