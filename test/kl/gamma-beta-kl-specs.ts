// Specs of the Gamma-family and unit-interval KL rules for kl-suite.ts: float64 references (the textbook
// formulas, written independently of the float32 arrangement in src/kl), the float64 log-densities for Monte
// Carlo and quadrature, and the float32 error model Σ|terms| with its constant c.
//
// Error model (as in kl-specs.ts): eps32 = 2⁻²⁴; each float32 op adds eps32 relative to its result; lgamma,
// digamma, lbeta and the digamma difference D(x, h) = ψ(x + h) − ψ(x) are accurate to 4 ulp of their value
// (lbeta: of |log B| + 1); an input error δ of u moves a term T by |∂T/∂u|·δ. Σ|terms| collects the
// magnitudes of the terms and of the propagated errors (in units of eps32); c = 8 covers ≤ 4 roundings per
// term with a factor 2. Gradients: ≲ 4c·eps32·(1 + Σ|terms|)/s_θ on the parameter's scale s_θ, plus 1e-9
// relative for the Richardson reference.
import * as fc from "fast-check";
import betaln from "@stdlib/math-base-special-betaln";
import digamma64 from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import { Beta, Exponential, Gamma, Kumaraswamy, Weibull } from "latent";
import { EPS32 } from "../helpers.js";
import {
  EULER_GAMMA,
  betaLogpdf,
  exponentialSpec,
  gammaLogpdf,
  kumaraswamyLogpdf,
  logU,
  weibullLogpdf,
} from "../distributions/gamma-family-specs.js";
import type { KLSpec, Params } from "./kl-suite.js";

const abs = Math.abs;
const log = Math.log;

const gradTol = (c: number, size: (p: Params, q: Params) => number, scale: (p: Params, q: Params, i: number) => number) =>
  (p: Params, q: Params, i: number, ref: number) => (4 * c * EPS32 * (1 + size(p, q))) / scale(p, q, i) + 1e-9 * abs(ref);

/** The scale on which a Gamma(α, β) varies in α (α/(1 + √α)) and in β (β/(1 + √α)). */
const gammaScale = ([a, b]: Params, i: number) => (i === 0 ? a! / (1 + Math.sqrt(a!)) : b! / (1 + Math.sqrt(a!)));
const gammaPair = (amin: number, amax: number, bmin: number, bmax: number) =>
  fc.tuple(fc.tuple(logU(amin, amax), logU(bmin, bmax)), fc.tuple(logU(amin, amax), logU(bmin, bmax)));
/** Center and spread of log x under Gamma(α, β): ψ(α) − log β and √ψ′(α) ≈ 1/√α (1/α for α < 1). */
const gammaLogCenter = ([a, b]: Params): [number, number] => [digamma64(a!) - log(b!), a! < 1 ? 1 / a! : 1 / Math.sqrt(a!)];

// ——— Gamma ‖ Gamma ———
// [lgamma α₂ − lgamma α₁ − (α₂ − α₁)ψ(α₁)] + α₁(expm1 t − t) + (α₁ − α₂)t, t = log β₂ − log β₁ with absolute error
// eps32·(|log β₁| + |log β₂|) that moves α₁(e^t − 1 − t) by α₁|expm1 t|·δt and (α₁ − α₂)t by |α₁ − α₂|·δt.
const ggSize = ([a1, b1]: Params, [a2, b2]: Params) => {
  const t = log(b2! / b1!);
  const lb = abs(log(b1!)) + abs(log(b2!));
  return (
    abs(gammaln(a1!)) + abs(gammaln(a2!)) + abs(a2! - a1!) * abs(digamma64(a1!)) +
    a1! * (abs(Math.expm1(t)) + abs(t)) + abs(a1! - a2!) * abs(t) + (a1! * abs(Math.expm1(t)) + abs(a1! - a2!)) * lb
  );
};
const ggScale = (p: Params, q: Params, i: number) => (i < 2 ? gammaScale(p, i) : gammaScale(q, i - 2));

export const gammaGammaKL: KLSpec = {
  name: "Gamma ‖ Gamma",
  makeP: (a, b) => Gamma(a!, b!),
  makeQ: (a, b) => Gamma(a!, b!),
  pairs: gammaPair(0.1, 100, 0.05, 20),
  // α ∈ [2, 20], β within a factor 2: the log-ratio (α₁ − α₂) log x − (β₁ − β₂)x has skewness ≲ 2.
  mcPairs: gammaPair(2, 20, 0.5, 2),
  mcN: 50_000,
  kl64: ([a1, b1], [a2, b2]) =>
    (a1! - a2!) * digamma64(a1!) - gammaln(a1!) + gammaln(a2!) + a2! * (log(b1!) - log(b2!)) + (a1! * (b2! - b1!)) / b1!,
  logp64: gammaLogpdf,
  logq64: gammaLogpdf,
  size: ggSize,
  c: 8,
  breaks: () => [-Infinity, Infinity],
  center: gammaLogCenter,
  logSpace: true,
  paramScale: ggScale,
  gradTol: gradTol(8, ggSize, ggScale),
  sameFamily: true,
};

// ——— Exponential ‖ Exponential ——— expm1 t − t, t = log λ₂ − log λ₁.
const eeSize = ([l1]: Params, [l2]: Params) => {
  const t = log(l2! / l1!);
  return abs(Math.expm1(t)) * (1 + abs(log(l1!)) + abs(log(l2!))) + abs(t);
};
const rateScale = (p: Params, q: Params, i: number) => (i < 1 ? p[0]! : q[0]!);

export const exponentialExponentialKL: KLSpec = {
  name: "Exponential ‖ Exponential",
  makeP: (l) => Exponential(l!),
  makeQ: (l) => Exponential(l!),
  pairs: fc.tuple(fc.tuple(logU(0.01, 100)), fc.tuple(logU(0.01, 100))),
  mcPairs: fc.tuple(fc.tuple(logU(0.3, 3)), fc.tuple(logU(0.3, 3))),
  mcN: 50_000,
  kl64: ([l1], [l2]) => log(l1!) - log(l2!) + l2! / l1! - 1,
  logp64: exponentialSpec.logpdf,
  logq64: exponentialSpec.logpdf,
  size: eeSize,
  c: 8,
  breaks: () => [-Infinity, Infinity],
  center: ([l]) => [-log(l!) - EULER_GAMMA, 1.3],
  logSpace: true,
  paramScale: rateScale,
  gradTol: gradTol(8, eeSize, rateScale),
  sameFamily: true,
};

// ——— Exponential ‖ Gamma ——— lgamma α + (α − 1)γ + (expm1 t − t) − (α − 1)t, t = log β − log λ.
const egSize = ([l]: Params, [a, b]: Params) => {
  const t = log(b! / l!);
  const lb = abs(log(b!)) + abs(log(l!));
  return abs(gammaln(a!)) + abs(a! - 1) * EULER_GAMMA + abs(Math.expm1(t)) + abs(t) + abs(a! - 1) * abs(t) + (abs(Math.expm1(t)) + abs(a! - 1) + 1) * lb;
};
const egScale = (p: Params, q: Params, i: number) => (i < 1 ? p[0]! : gammaScale(q, i - 1));

export const exponentialGammaKL: KLSpec = {
  name: "Exponential ‖ Gamma",
  makeP: (l) => Exponential(l!),
  makeQ: (a, b) => Gamma(a!, b!),
  pairs: fc.tuple(fc.tuple(logU(0.05, 20)), fc.tuple(logU(0.1, 100), logU(0.05, 20))),
  mcPairs: fc.tuple(fc.tuple(logU(0.5, 2)), fc.tuple(logU(0.5, 5), logU(0.5, 2))),
  mcN: 50_000,
  kl64: ([l], [a, b]) => log(l!) - 1 - a! * log(b!) + gammaln(a!) + (a! - 1) * (EULER_GAMMA + log(l!)) + b! / l!,
  logp64: exponentialSpec.logpdf,
  logq64: gammaLogpdf,
  size: egSize,
  c: 8,
  breaks: () => [-Infinity, Infinity],
  center: ([l]) => [-log(l!) - EULER_GAMMA, 1.3],
  logSpace: true,
  paramScale: egScale,
  gradTol: gradTol(8, egSize, egScale),
  sameFamily: false,
};

// ——— Gamma ‖ Exponential ——— (α − 1)ψ(α) − lgamma α + α(expm1 t − t) + (α − 1)t, t = log λ − log β.
const geSize = ([a, b]: Params, [l]: Params) => {
  const t = log(l! / b!);
  const lb = abs(log(b!)) + abs(log(l!));
  return abs(a! - 1) * abs(digamma64(a!)) + abs(gammaln(a!)) + a! * (abs(Math.expm1(t)) + abs(t)) + abs(a! - 1) * abs(t) + (a! * abs(Math.expm1(t)) + abs(a! - 1)) * lb;
};
const geScale = (p: Params, q: Params, i: number) => (i < 2 ? gammaScale(p, i) : q[0]!);

export const gammaExponentialKL: KLSpec = {
  name: "Gamma ‖ Exponential",
  makeP: (a, b) => Gamma(a!, b!),
  makeQ: (l) => Exponential(l!),
  pairs: fc.tuple(fc.tuple(logU(0.1, 100), logU(0.05, 20)), fc.tuple(logU(0.05, 20))),
  mcPairs: fc.tuple(fc.tuple(logU(1, 10), logU(0.5, 2)), fc.tuple(logU(0.5, 2))),
  mcN: 50_000,
  kl64: ([a, b], [l]) => (a! - 1) * digamma64(a!) - gammaln(a!) + log(b!) - log(l!) + (a! * (l! - b!)) / b!,
  logp64: gammaLogpdf,
  logq64: exponentialSpec.logpdf,
  size: geSize,
  c: 8,
  breaks: () => [-Infinity, Infinity],
  center: gammaLogCenter,
  logSpace: true,
  paramScale: geScale,
  gradTol: gradTol(8, geSize, geScale),
  sameFamily: false,
};

// ——— Weibull ‖ Gamma ———
// (expm1 s − s) + (1 − α)u + g + log k − γ + αγ/k + lgamma α, u = log β + log λ, g = lgamma(1 + 1/k), s = u + g.
// u carries eps32·(|log β| + |log λ|); g carries 4·eps32·|g| plus the rounding of 1 + 1/k (ψ(1 + 1/k)/k·eps32).
const wgSize = ([l, k]: Params, [a, b]: Params) => {
  const u = log(b!) + log(l!);
  const g = gammaln(1 + 1 / k!);
  const s = u + g;
  const du = abs(log(b!)) + abs(log(l!)) + 4 * abs(g) + abs(digamma64(1 + 1 / k!)) / k!;
  return (
    abs(Math.expm1(s)) + abs(s) + abs(1 - a!) * abs(u) + abs(g) + abs(log(k!)) + EULER_GAMMA * (1 + a! / k!) + abs(gammaln(a!)) +
    (abs(Math.expm1(s)) + abs(1 - a!) + 1) * du
  );
};
const wgScale = (p: Params, q: Params, i: number) => (i === 0 ? p[0]! / p[1]! : i === 1 ? p[1]! / (1 + p[1]!) : gammaScale(q, i - 2));

export const weibullGammaKL: KLSpec = {
  name: "Weibull ‖ Gamma",
  makeP: (l, k) => Weibull(l!, k!),
  makeQ: (a, b) => Gamma(a!, b!),
  pairs: fc.tuple(fc.tuple(logU(0.1, 10), logU(0.3, 20)), fc.tuple(logU(0.1, 100), logU(0.05, 20))),
  // the log-ratio contains β·x and (α − 1) log x under a Weibull with k ≥ 1: moderate skewness.
  mcPairs: fc.tuple(fc.tuple(logU(0.5, 2), logU(1, 5)), fc.tuple(logU(1, 5), logU(0.5, 2))),
  mcN: 50_000,
  kl64: ([l, k], [a, b]) => {
    const h = EULER_GAMMA * (1 - 1 / k!) + log(l! / k!) + 1;
    return -h - a! * log(b!) + gammaln(a!) - (a! - 1) * (log(l!) - EULER_GAMMA / k!) + b! * l! * Math.exp(gammaln(1 + 1 / k!));
  },
  logp64: weibullLogpdf,
  logq64: gammaLogpdf,
  size: wgSize,
  c: 8,
  breaks: () => [-Infinity, Infinity],
  center: ([l, k]) => [log(l!) - EULER_GAMMA / k!, 1.3 / k!],
  logSpace: true,
  paramScale: wgScale,
  gradTol: gradTol(8, wgSize, wgScale),
  sameFamily: false,
};

// ——— Beta ‖ Beta ———
// lbeta(a₂, b₂) − lbeta(a₁, b₁) − (a₁ − a₂)D(a₁, b₁) − (b₁ − b₂)D(b₁, a₁), D(x, h) = ψ(x + h) − ψ(x) > 0.
const dd = (x: number, h: number) => digamma64(x + h) - digamma64(x);
const bbSize = ([a1, b1]: Params, [a2, b2]: Params) =>
  abs(betaln(a1!, b1!)) + abs(betaln(a2!, b2!)) + 2 + abs(a1! - a2!) * dd(a1!, b1!) + abs(b1! - b2!) * dd(b1!, a1!);
const betaScale = ([a, b]: Params, i: number) => {
  const c = i === 0 ? a! : b!;
  return Math.min(c / (1 + Math.sqrt(c)), (a! + b!) / (1 + Math.sqrt(a! + b!)));
};
const bbScale = (p: Params, q: Params, i: number) => (i < 2 ? betaScale(p, i) : betaScale(q, i - 2));
/**
 * Pairs with p's first concentration ≥ 0.3 and second ≥ 1. The suite's quadrature check evaluates log p at
 * x = 1 − d in float64, which cannot resolve d < 2⁻⁵³: with (1 − x)^{b−1}, b < 1, the unresolved end holds
 * ≈ d^b|log d|/b of the integral (≈ 1e-9 at b = 0.6); at x = 0 its tanh-sinh nodes stop at d ≈ 1e-61, leaving
 * the mass d^a (≈ 1e-6 at a = 0.1). The rest of the range is covered by beta-kl.test.ts's own properties.
 */
const betaPair = (lo: number, hi: number) =>
  fc.tuple(fc.tuple(logU(Math.max(0.3, lo), hi), logU(Math.max(1, lo), hi)), fc.tuple(logU(lo, hi), logU(lo, hi)));

export const betaBetaKL: KLSpec = {
  name: "Beta ‖ Beta",
  makeP: (a, b) => Beta(a!, b!),
  makeQ: (a, b) => Beta(a!, b!),
  pairs: betaPair(0.1, 100),
  mcPairs: betaPair(1, 10),
  mcN: 50_000,
  kl64: ([a1, b1], [a2, b2]) =>
    betaln(a2!, b2!) - betaln(a1!, b1!) + (a1! - a2!) * digamma64(a1!) + (b1! - b2!) * digamma64(b1!) + (a2! - a1! + b2! - b1!) * digamma64(a1! + b1!),
  logp64: betaLogpdf,
  logq64: betaLogpdf,
  size: bbSize,
  c: 8,
  breaks: () => [0, 1],
  center: ([a, b]) => [a! / (a! + b!), Math.sqrt((a! * b!) / ((a! + b!) ** 2 * (a! + b! + 1)))],
  paramScale: bbScale,
  gradTol: gradTol(8, bbSize, bbScale),
  sameFamily: true,
};

// ——— Kumaraswamy ‖ Beta ———

/**
 * S(a, b) = Σₘ≥₁ b·B(m/a, b)/(m + ab) (Nalisnick & Smyth's series, = −E[log(1 − X)]) in float64: the first
 * M = 40 terms, and the rest by Euler–Maclaurin, Σₘ>M s(m) = ∫_{M+½}^∞ s(t) dt + s′(M + ½)/24 + O(s‴). The integral: double-exponential
 * quadrature in y = log t up to T = 10¹²·(a + 1)·M, and beyond T the leading asymptotic
 * s(t) ≈ Γ(b + 1)(t/a)^{−b}/t (relative error O((b + 1)a/T) ≤ 1e-11), whose integral is Γ(b + 1)a^b T^{−b}/b.
 * Agrees with 40-digit quadrature of −E[log(1 − X)] (mpmath) to ≤ 4.1e-10·(1 + S) for a, b ∈ {0.01, 0.03, …, 10}.
 */
export function kumaraswamyS(a: number, b: number): number {
  const key = `${a},${b}`;
  const hit = sCache.get(key);
  if (hit !== undefined) return hit;
  const M = 40;
  const term = (t: number) => Math.exp(log(b) + betaln(t / a, b) - log(t + a * b));
  let sum = 0;
  for (let m = M; m >= 1; m--) sum += term(m);
  const t0 = M + 0.5;
  const T = 1e12 * (a + 1) * M;
  const body = tanhSinh8((y) => term(Math.exp(y)) * Math.exp(y), log(t0), log(T));
  const far = Math.exp(gammaln(b + 1) + b * log(a) - b * log(T)) / b;
  const h = 1e-3 * t0;
  const slope = (term(t0 + h) - term(t0 - h)) / (2 * h);
  const s = sum + body + far + slope / 24;
  if (sCache.size > 10_000) sCache.clear();
  sCache.set(key, s);
  return s;
}
const sCache = new Map<string, number>();

/** ∫ₐᵇ f by tanh-sinh with step 1/8 on t ∈ [−3.5, 3.5] (57 nodes; ~1e-13 relative for f analytic on [a, b]). */
function tanhSinh8(f: (x: number) => number, a: number, b: number): number {
  const m = (a + b) / 2;
  const r = (b - a) / 2;
  let total = 0;
  for (let k = -28; k <= 28; k++) {
    const t = k / 8;
    const u = (Math.PI / 2) * Math.sinh(t);
    const w = ((Math.PI / 2) * Math.cosh(t)) / Math.cosh(u) ** 2;
    total += w * f(m + r * Math.tanh(u));
  }
  return (total * r) / 8;
}

const kbRef = ([a, b]: Params, [al, be]: Params) =>
  log(a!) + log(b!) + ((a! - al!) / a!) * (-EULER_GAMMA - digamma64(b!) - 1 / b!) - (b! - 1) / b! + betaln(al!, be!) + (be! - 1) * kumaraswamyS(a!, b!);
// log a + log b − (1 − α/a)H_b − (1 − 1/b) + lbeta(α, β) + (β − 1)S: H_b = D(1, b) to 4 ulp; S by the 111-node
// rule: all its terms positive, each G = −log(1 − e^{−w}) to ≈ 4 ulp (relative errors of the intermediate
// u = t/b, log v and w are damped by the log1mexp branches), plus the rule's truncation ≤ 1e-9·(1 + S) for
// a ≥ 0.1 (src/kl/beta.ts), which enters in units of eps32.
const kbSize = ([a, b]: Params, [al, be]: Params) => {
  const hb = digamma64(b! + 1) + EULER_GAMMA;
  const s = kumaraswamyS(a!, b!);
  return (
    abs(log(a!)) + abs(log(b!)) + abs(1 - al! / a!) * hb + abs(1 - 1 / b!) + abs(betaln(al!, be!)) + 2 +
    abs(be! - 1) * (4 * s + (1e-9 * (1 + s)) / EPS32)
  );
};
const kumaScale = ([a, b]: Params, i: number) => (i === 0 ? a! / (1 + a!) : b! / (1 + Math.sqrt(b!)));
const kbScale = (p: Params, q: Params, i: number) => (i < 2 ? kumaScale(p, i) : betaScale(q, i - 2));

export const kumaraswamyBetaKL: KLSpec = {
  name: "Kumaraswamy ‖ Beta",
  makeP: (a, b) => Kumaraswamy(a!, b!),
  makeQ: (a, b) => Beta(a!, b!),
  // p's a ≥ 0.3, b ≥ 1 for the quadrature check (see betaPair); the rest is covered in kumaraswamy-beta-kl.test.ts.
  pairs: fc.tuple(fc.tuple(logU(0.3, 10), logU(1, 10)), fc.tuple(logU(0.2, 20), logU(0.2, 20))),
  mcPairs: fc.tuple(fc.tuple(logU(1, 5), logU(1, 5)), fc.tuple(logU(1, 5), logU(1, 5))),
  mcN: 50_000,
  kl64: kbRef,
  logp64: kumaraswamyLogpdf,
  logq64: betaLogpdf,
  size: kbSize,
  c: 8,
  breaks: () => [0, 1],
  center: ([a, b]) => [Math.exp(-(digamma64(b! + 1) + EULER_GAMMA) / a!), 0.2],
  paramScale: kbScale,
  gradTol: gradTol(8, kbSize, kbScale),
  sameFamily: false,
};
