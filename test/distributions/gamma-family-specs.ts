// Specs of the Gamma family (Gamma, Exponential, Chi2, InverseGamma, Weibull) and of the unit-interval
// families (Beta, Kumaraswamy) for continuous-suite.ts: float64 references written from the textbook
// formulas, and float32 tolerances with their derivations.
//
// Conventions (as in continuous-specs.ts): eps32 = 2⁻²⁴ is the unit roundoff; every tfjs float32 op on
// the CPU backend is correctly rounded (≤ eps32 relative), transcendental kernels within ~1 ulp, and the
// special functions of src/math within 4·eps32 relative (lgamma, digamma, lbeta: see their docs). Each bound
// sums eps32·|term| over the roundings of the terms it combines and doubles that (wasm kernels may be 1–2
// ulp); Richardson references add 1e-9·(|reference| + the size of the function differenced, × its FD gain).
//
// float64 references: log Γ, ψ, log B and the Beta function's incomplete integral from @stdlib
// (gammaln, digamma, betaln, betainc); the regularized incomplete gamma P, Q from src/testing/stats/special64
// (@stdlib's gammainc — also what @stdlib's gamma-cdf uses — is wrong by up to 1.6 % above the median for
// shapes ≳ 1000: P(1000, 1031.6) is off by 3e-3 relative against 40-digit mpmath, while special64 agrees to 1e-12).
import * as fc from "fast-check";
import betainc from "@stdlib/math-base-special-betainc";
import betaln from "@stdlib/math-base-special-betaln";
import digamma64 from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import { Beta, Chi2, Exponential, Gamma, InverseGamma, Kumaraswamy, Weibull } from "latent";
import { regularizedGammaP, regularizedGammaQ } from "../../src/testing/stats/special64.js";
import { EPS32 } from "../helpers.js";
import { type ContinuousSpec, type Params, richardson } from "./continuous-suite.js";

const abs = Math.abs;
const log = Math.log;

// Parameter generators. helpers.ts's logUniform and f32 map fc.double, which draws uniformly over the
// *representable doubles* of its range: when the range contains 0 (log-ranges containing 1, or signed
// ranges) almost every draw lies within a few ulps of 0 (198 of 200 pairs of logU(0.1, 1000) contain an
// exact 1). These draw an unbiased integer and map it linearly, so they are uniform (resp. log-uniform).
const STEPS = 2 ** 30;
/** A number log-uniform in [min, max] (exactly representable in float32). */
export const logU = (min: number, max: number): fc.Arbitrary<number> =>
  fc.noBias(fc.integer({ min: 0, max: STEPS })).map((i) => Math.fround(Math.exp(log(min) + ((log(max) - log(min)) * i) / STEPS)));
/** A number uniform in [min, max] (exactly representable in float32). */
export const unif = (min: number, max: number): fc.Arbitrary<number> =>
  fc.noBias(fc.integer({ min: 0, max: STEPS })).map((i) => Math.fround(min + ((max - min) * i) / STEPS));
/** Euler–Mascheroni constant γ. */
export const EULER_GAMMA = 0.5772156649015329;
/**
 * Roundoff of the Richardson reference: each D(s) = (f(v + s) − f(v − s))/(2s) carries ≤ ε_f/s, ε_f the
 * absolute float64 error of evaluating f (≤ 4·2⁻⁵³·size, size = Σ|terms| of f), plus |f′|·2⁻⁵³|v|/s from
 * rounding the arguments v ± s; (4D(h/2) − D(h))/3 then carries ≤ 3(ε_f + |f′|·2⁻⁵³|v|)/h with h = 1e-3·scale:
 * ≤ (1.4e-12·size + 3.4e-13·|v|·|f′|)/scale, rounded up.
 */
export const fdRoundoff = (size: number, scale: number, v = 0, slope = 0) => (2e-12 * size + 4e-13 * abs(v) * abs(slope)) / scale;
/** The smallest positive normal float32: test points and draws never go below it. */
export const TINY32 = 2 ** -126;

/**
 * The x with F(x) = u, by bisection on y = log x (positive support) or on the logit (unit interval), 200
 * steps (far below float32 resolution); F is the CDF for u ≤ ½ and 1 − S (S the survival function) above,
 * so both tails keep their relative accuracy. Results are clamped to [2⁻¹²⁶, …] (a quantile below the float32
 * range is replaced by the smallest normal float32 — still a point of the support).
 */
export function invert(u: number, cdf: (x: number) => number, sf: (x: number) => number, lo: number, hi: number, toX: (y: number) => number): number {
  const upper = u > 0.5;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    const x = toX(mid);
    const below = upper ? sf(x) > 1 - u : cdf(x) < u;
    if (below) lo = mid;
    else hi = mid;
  }
  return Math.max(TINY32, toX((lo + hi) / 2));
}

/** The implicit-function gradient −(∂F/∂θᵢ)(x)/p(x) in float64, computed as the suite does. */
export function implicitGradient(spec: ContinuousSpec, x: number, p: Params, i: number): number {
  const at = (v: number): Params => p.map((q, j) => (j === i ? v : q));
  const scale = spec.paramScale(p, i);
  const dF =
    spec.cdf(x, p) < 0.5
      ? -richardson((v) => spec.cdf(x, at(v)), p[i]!, scale)
      : richardson((v) => spec.sf(x, at(v)), p[i]!, scale);
  return dF / Math.exp(spec.logpdf(x, p));
}

/**
 * The draw is a float32 number made by the last ops of the sampler (an exp or a division, and a product:
 * ≤ 3 roundings of ≤ 2⁻²⁴|x| each, or 2⁻¹⁵⁰ each for subnormal x) after the intermediates the pathwise
 * gradient is built from. The oracle, evaluated at that x, moves by |∂g/∂x| times the difference (g(x) the
 * implicit gradient as a function of x); it matters next to 1 in the unit interval, where 1 − x is coarse, next
 * to a zero of g (Weibull's dx/dk at x = λ), and for subnormal draws. Returns twice the bound, 6·max(2⁻²⁴|x|,
 * 2⁻¹⁵⁰)·|∂g/∂x| (|∂g/∂x| by a central difference with step 1e-4·xScale), plus 2⁻¹⁴⁹ for a gradient that is
 * itself subnormal in float32.
 */
export function xRounding(spec: ContinuousSpec, x: number, p: Params, i: number): number {
  const d = 1e-4 * spec.xScale(x, p);
  const dg = (implicitGradient(spec, x + d, p, i) - implicitGradient(spec, x - d, p, i)) / (2 * d);
  return 6 * Math.max(EPS32 * abs(x), 2 ** -150) * abs(dg) + 2 ** -149;
}

// ——— Gamma ———

export const gammaLogpdf = (x: number, [a, b]: Params) => a! * log(b!) + (a! - 1) * log(x) - b! * x - gammaln(a!);
export const gammaCdf = (x: number, [a, b]: Params) => regularizedGammaP(a!, b! * x);
export const gammaSf = (x: number, [a, b]: Params) => regularizedGammaQ(a!, b! * x);
/** E_k(α) = α + log Γ(α) + (k − α)ψ(α) in float64 (k = 1 Gamma, k = −1 inverse Gamma). */
const entropyCore = (a: number, k: number) => a + gammaln(a) + (k - a) * digamma64(a);
/**
 * The size Σ|terms| of the float32 entropy core: the textbook form below α = 8, the Stirling form above
 * (whose terms are ½|log α|, ½ log 2π + ½ and O(1/α)).
 */
const entropyCoreSize = (a: number, k: number) =>
  a < 8 ? a + abs(gammaln(a)) + abs(k - a) * abs(digamma64(a)) : abs(k - 0.5) * abs(log(a)) + 2;

/** The scale on which a Gamma(α, ·) log-density or CDF varies in α (PyTorch's finite-difference scale). */
const shapeScale = (a: number) => a / (1 + Math.sqrt(a));

export const gammaSpec: ContinuousSpec = {
  name: "Gamma",
  paramNames: ["concentration", "rate"],
  make: (a, b) => Gamma(a!, b!),
  params: fc.tuple(logU(0.01, 1e4), logU(0.05, 20)),
  // α ≥ 1 keeps the skewness 2/√α ≤ 2 and the kurtosis 3 + 6/α ≤ 9 (CLT at n = 20,000, see the suite);
  // small α is sampled in gamma.test.ts (DKW on log x, exact at any n).
  sampleParams: fc.tuple(logU(1, 50), logU(0.1, 10)),
  quantile: (u, p) => invert(u, (x) => gammaCdf(x, p), (x) => gammaSf(x, p), -88, 90, Math.exp),
  logpdf: gammaLogpdf,
  cdf: gammaCdf,
  sf: gammaSf,
  mean: ([a, b]) => a! / b!,
  variance: ([a, b]) => a! / b! ** 2,
  entropy: ([a, b]) => entropyCore(a!, 1) - log(b!),
  kurtosis: ([a]) => 3 + 6 / a!,
  inSupport: (x) => x > 0 && Number.isFinite(x),
  paramScale: ([a, b], i) => (i === 0 ? shapeScale(a!) : b! / (1 + Math.sqrt(a!))),
  xScale: (x, [a]) => x / (1 + Math.sqrt(a!)),
  tol: {
    // α log β + xlogy(α − 1, x) − βx − lgamma(α): log β and log x one ulp each, times α (α − 1 exact for
    // α ≥ ½, else one rounding of size α), lgamma 4 ulp, βx one, three additions one ulp of their partial
    // sums (≤ the sum of the magnitudes): ≤ 4·eps32·(α|log β| + (|α − 1| + α)|log x| + βx + |log Γ(α)|), doubled.
    logProb: (x, [a, b]) =>
      8 * EPS32 * (a! * abs(log(b!)) + (abs(a! - 1) + a!) * abs(log(x)) + b! * x + abs(gammaln(a!)) + 1),
    // α/β: one rounding; α/β²: two.
    mean: ([a, b]) => 2 * EPS32 * (a! / b!),
    variance: ([a, b]) => 4 * EPS32 * (a! / b! ** 2),
    // E₁(α) − log β: Σ|terms| of the branch used (4 ulp for lgamma/digamma), log β one ulp, doubled.
    entropy: ([a, b]) => 8 * EPS32 * (entropyCoreSize(a!, 1) + abs(log(b!)) + 1),
    // ∂/∂α = log β + log x − ψ(α); ∂/∂β = α/β − x; ∂/∂x = (α − 1)/x − β: a few roundings of each term (ψ 4 ulp).
    // The Richardson reference differences the whole log-density (size L): roundoff 2⁻⁵³·L/h, h = 1e-3·scale.
    grad: (x, p, i, ref) => {
      const [a, b] = p;
      const size = abs(gammaLogpdf(x, p)) + a! * abs(log(b!)) + abs(a! - 1) * abs(log(x)) + b! * x + abs(gammaln(a!));
      const scale = i === 0 ? shapeScale(a!) : i === 1 ? b! / (1 + Math.sqrt(a!)) : x / (1 + Math.sqrt(a!));
      const fd = fdRoundoff(size, scale, i < 2 ? p[i]! : x, ref);
      const terms =
        i === 0 ? abs(log(b!)) + abs(log(x)) + abs(digamma64(a!)) : i === 1 ? a! / b! + x : abs(a! - 1) / x + b!;
      return 8 * EPS32 * terms + fd + 1e-9 * abs(ref);
    },
    // dx/dα = x·(d log g/dα)/β·β… computed in float64 at the float32 draw and rounded once, then divided by β
    // in the backward pass (one more rounding); dx/dβ = −x/β by autodiff (two roundings). The oracle is a
    // Richardson difference of the float64 P or Q (relative accuracy ≤ 1e-11 up to α = 10⁴, see special64):
    // roundoff ≤ 2·1e-11·F/(h·|∂F/∂θ|) with h = 1e-3·scale, and F/(scale·|∂F/∂θ|) ≲ 10 at the draws, i.e.
    // ≤ 2e-7 relative; truncation ~1e-9. So 8·eps32 + 3e-7 relative.
    // x = g/β is rounded once more after g: see xRounding.
    rsampleGrad: (x, p, i, ref) => (8 * EPS32 + 3e-7) * abs(ref) + xRounding(gammaSpec, x, p, i),
  },
};

// ——— Exponential ———

export const exponentialSpec: ContinuousSpec = {
  name: "Exponential",
  paramNames: ["rate"],
  make: (r) => Exponential(r!),
  params: fc.tuple(logU(0.01, 100)),
  sampleParams: fc.tuple(logU(0.1, 10)),
  quantile: (u, [r]) => Math.max(TINY32, -Math.log1p(-u) / r!),
  logpdf: (x, [r]) => log(r!) - r! * x,
  cdf: (x, [r]) => -Math.expm1(-r! * x),
  sf: (x, [r]) => Math.exp(-r! * x),
  mean: ([r]) => 1 / r!,
  variance: ([r]) => 1 / r! ** 2,
  entropy: ([r]) => 1 - log(r!),
  kurtosis: () => 9,
  inSupport: (x) => x > 0 && Number.isFinite(x),
  paramScale: ([r]) => r!,
  xScale: (x, [r]) => Math.min(x, 1 / r!),
  tol: {
    // log λ − λx: three roundings of terms |log λ|, λx.
    logProb: (x, [r]) => 4 * EPS32 * (abs(log(r!)) + r! * x + 1),
    mean: ([r]) => 2 * EPS32 / r!,
    variance: ([r]) => 4 * EPS32 / r! ** 2,
    entropy: ([r]) => 4 * EPS32 * (abs(log(r!)) + 1),
    // ∂/∂λ = 1/λ − x, ∂/∂x = −λ: one or two roundings each; the reference's roundoff (size |log λ| + λx).
    grad: (x, [r], i, ref) =>
      4 * EPS32 * (i === 0 ? 1 / r! + x : r!) + fdRoundoff(abs(log(r!)) + r! * x + 1, i === 0 ? r! : Math.min(x, 1 / r!), i === 0 ? r! : x, ref) + 1e-9 * abs(ref),
    // x = E/λ: dx/dλ = −E/λ² (two roundings) against −x/λ from the float32 x: ≤ 4·eps32·x/λ, doubled.
    rsampleGrad: (x, p, i, ref) => (8 * EPS32 * x) / p[0]! + 1e-9 * abs(ref) + xRounding(exponentialSpec, x, p, i),
  },
};

// ——— Chi2 = Gamma(ν/2, ½) ———

const asGamma = ([k]: Params): Params => [k! / 2, 0.5];

export const chi2Spec: ContinuousSpec = {
  name: "Chi2",
  paramNames: ["df"],
  make: (k) => Chi2(k!),
  params: fc.tuple(logU(0.02, 2e4)),
  sampleParams: fc.tuple(logU(2, 100)),
  quantile: (u, p) => gammaSpec.quantile(u, asGamma(p)),
  logpdf: (x, p) => gammaLogpdf(x, asGamma(p)),
  cdf: (x, p) => gammaCdf(x, asGamma(p)),
  sf: (x, p) => gammaSf(x, asGamma(p)),
  mean: ([k]) => k!,
  variance: ([k]) => 2 * k!,
  entropy: (p) => gammaSpec.entropy(asGamma(p)),
  kurtosis: ([k]) => 3 + 12 / k!,
  inSupport: (x) => x > 0 && Number.isFinite(x),
  paramScale: ([k]) => 2 * shapeScale(k! / 2),
  xScale: (x, [k]) => x / (1 + Math.sqrt(k! / 2)),
  // ν/2 is exact; the Gamma bounds apply with α = ν/2, β = ½ (derivatives in ν are half those in α).
  tol: {
    logProb: (x, p) => gammaSpec.tol.logProb(x, asGamma(p)),
    mean: (p) => gammaSpec.tol.mean(asGamma(p)),
    variance: (p) => gammaSpec.tol.variance(asGamma(p)),
    entropy: (p) => gammaSpec.tol.entropy(asGamma(p)),
    grad: (x, p, i, ref) => gammaSpec.tol.grad(x, asGamma(p), i === 0 ? 0 : 2, ref),
    rsampleGrad: (x, p, i, ref) => (8 * EPS32 + 3e-7) * abs(ref) + xRounding(chi2Spec, x, p, i),
  },
};

// ——— InverseGamma ———

export const inverseGammaLogpdf = (x: number, [a, b]: Params) => a! * log(b!) - gammaln(a!) - (a! + 1) * log(x) - b! / x;

export const inverseGammaSpec: ContinuousSpec = {
  name: "InverseGamma",
  paramNames: ["concentration", "rate"],
  make: (a, b) => InverseGamma(a!, b!),
  // α ≥ 0.1: for smaller α the 1e-12 upper quantile exceeds the float32 range.
  params: fc.tuple(logU(0.1, 1e4), logU(0.05, 20)),
  // α ≥ 12 keeps the kurtosis ≤ 7.1 and the 8th moment (the variance of s²'s variance) finite.
  sampleParams: fc.tuple(logU(12, 50), logU(0.1, 10)),
  quantile: (u, p) => invert(u, (x) => regularizedGammaQ(p[0]!, p[1]! / x), (x) => regularizedGammaP(p[0]!, p[1]! / x), -88, 88, Math.exp),
  logpdf: inverseGammaLogpdf,
  cdf: (x, [a, b]) => regularizedGammaQ(a!, b! / x),
  sf: (x, [a, b]) => regularizedGammaP(a!, b! / x),
  mean: ([a, b]) => (a! > 1 ? b! / (a! - 1) : Infinity),
  variance: ([a, b]) => (a! > 2 ? b! ** 2 / ((a! - 1) ** 2 * (a! - 2)) : Infinity),
  entropy: ([a, b]) => entropyCore(a!, -1) + log(b!),
  kurtosis: ([a]) => 3 + (6 * (5 * a! - 11)) / ((a! - 3) * (a! - 4)),
  inSupport: (x) => x > 0 && Number.isFinite(x),
  paramScale: ([a, b], i) => (i === 0 ? shapeScale(a!) : b! / (1 + Math.sqrt(a!))),
  xScale: (x, [a]) => x / (1 + Math.sqrt(a!)),
  tol: {
    // α log β − lgamma(α) − (α + 1) log x − β/x: as for the Gamma (α + 1 rounds once).
    logProb: (x, [a, b]) =>
      8 * EPS32 * (a! * abs(log(b!)) + abs(gammaln(a!)) + 2 * (a! + 1) * abs(log(x)) + b! / x + 1),
    // β/(α − 1): α − 1 exact for α ≥ ½ (and rounded once otherwise), one division: relative 2 ulp, doubled.
    mean: ([a, b]) => 4 * EPS32 * (b! / abs(a! - 1)),
    // (β/(α − 1))²/(α − 2): α − 2 exact for α ≥ 1 … 4 roundings, plus α − 2 rounded (relative eps32·α/(α − 2)).
    variance: ([a, b]) => 8 * EPS32 * (b! ** 2 / ((a! - 1) ** 2 * (a! - 2))) * (1 + a! / (a! - 2)),
    entropy: ([a, b]) => 8 * EPS32 * (entropyCoreSize(a!, -1) + abs(log(b!)) + 1),
    // ∂/∂α = log β − ψ(α) − log x; ∂/∂β = α/β − 1/x; ∂/∂x = −(α + 1)/x + β/x².
    grad: (x, p, i, ref) => {
      const [a, b] = p;
      const size = abs(inverseGammaLogpdf(x, p)) + a! * abs(log(b!)) + (a! + 1) * abs(log(x)) + b! / x + abs(gammaln(a!));
      const scale = i === 0 ? shapeScale(a!) : i === 1 ? b! / (1 + Math.sqrt(a!)) : x / (1 + Math.sqrt(a!));
      const fd = fdRoundoff(size, scale, i < 2 ? p[i]! : x, ref);
      const terms =
        i === 0 ? abs(log(b!)) + abs(log(x)) + abs(digamma64(a!)) : i === 1 ? a! / b! + 1 / x : (a! + 1) / x + b! / x ** 2;
      return 8 * EPS32 * terms + fd + 1e-9 * abs(ref);
    },
    // x = exp(log β − y), y = log g rounded to float32 (absolute eps32·|y|): dx/dα = −x·(d log g/dα) sees x and
    // log g at the float32 values, the oracle at the float32 x: ≤ 4·eps32·(1 + |y|) relative through exp, plus
    // the oracle's 3e-7 (see Gamma).
    rsampleGrad: (x, p, i, ref) => (8 * EPS32 * (2 + abs(log(p[1]! / x))) + 3e-7) * abs(ref) + xRounding(inverseGammaSpec, x, p, i),
  },
};

// ——— Weibull ———

const gammaFn = (z: number) => Math.exp(gammaln(z));
/** Raw moments E[(x/λ)ⁿ] = Γ(1 + n/k). */
const wm = (k: number, n: number) => gammaFn(1 + n / k);
export const weibullLogpdf = (x: number, [l, k]: Params) => {
  const lz = log(x) - log(l!); // not log(x/λ): x/λ may underflow for subnormal x
  return log(k!) - log(l!) + (k! - 1) * lz - Math.exp(k! * lz);
};

export const weibullSpec: ContinuousSpec = {
  name: "Weibull",
  paramNames: ["scale", "concentration"],
  make: (l, k) => Weibull(l!, k!),
  params: fc.tuple(logU(0.05, 20), logU(0.2, 50)),
  // k ∈ [1, 10]: kurtosis ≤ 9 (the exponential's at k = 1).
  sampleParams: fc.tuple(logU(0.1, 10), logU(1, 10)),
  quantile: (u, [l, k]) => Math.max(TINY32, l! * (-Math.log1p(-u)) ** (1 / k!)),
  logpdf: weibullLogpdf,
  cdf: (x, [l, k]) => -Math.expm1(-((x / l!) ** k!)),
  sf: (x, [l, k]) => Math.exp(-((x / l!) ** k!)),
  mean: ([l, k]) => l! * wm(k!, 1),
  // Γ(1 + 2/k) − Γ(1 + 1/k)² in float64 loses ≈ 2⁻⁵³/(π²/(6k²)) ≤ 3e-13 relative for k ≤ 50.
  variance: ([l, k]) => l! ** 2 * (wm(k!, 2) - wm(k!, 1) ** 2),
  entropy: ([l, k]) => EULER_GAMMA * (1 - 1 / k!) + log(l! / k!) + 1,
  kurtosis: ([, k]) => {
    const [g1, g2, g3, g4] = [1, 2, 3, 4].map((n) => wm(k!, n)) as [number, number, number, number];
    return (g4 - 4 * g1 * g3 + 6 * g1 ** 2 * g2 - 3 * g1 ** 4) / (g2 - g1 ** 2) ** 2;
  },
  inSupport: (x) => x > 0 && Number.isFinite(x),
  paramScale: ([l, k], i) => (i === 0 ? l! / k! : k! / (1 + k!)),
  xScale: (x, [, k]) => x / (1 + k!),
  tol: {
    // log k − log λ + mulLog(k − 1, x) − (k − 1)·log λ − z^k, z = x/λ (one rounding): z^k carries the relative
    // error eps32·k·(|log z| + 1); the products 2 ulp of |k − 1||log x| and |k − 1||log λ| (which may cancel), four
    // additions: ≤ 4·eps32·(|log k| + (1 + |k − 1|)|log λ| + |k − 1||log x| + z^k(2 + k|log z|) + 1), doubled.
    logProb: (x, [l, k]) => {
      const z = x / l!;
      const zk = z ** k!;
      return 8 * EPS32 * (abs(log(k!)) + (1 + abs(k! - 1)) * abs(log(l!)) + abs(k! - 1) * abs(log(x)) + zk * (2 + k! * abs(log(z))) + 1);
    },
    // λ·exp(lgamma(1 + 1/k)): the lgamma argument is rounded (relative eps32·(1/k)/(1 + 1/k)·|ψ|), lgamma 4 ulp,
    // exp and the product one each.
    mean: ([l, k]) => 8 * EPS32 * l! * wm(k!, 1) * (1 + abs(gammaln(1 + 1 / k!))),
    // −λ² e^A expm1(B − A): below k = 8, B − A = 2 lgamma(1 + 1/k) − lgamma(1 + 2/k) is a difference with
    // absolute error 4·eps32·(|A| + |B|) against |B − A|; above, the series is accurate to a few ulp.
    variance: ([l, k]) => {
      const v = l! ** 2 * (wm(k!, 2) - wm(k!, 1) ** 2);
      const a = abs(gammaln(1 + 2 / k!));
      const bma = abs(2 * gammaln(1 + 1 / k!) - gammaln(1 + 2 / k!));
      const rel = k! < 8 ? (a + 2 * abs(gammaln(1 + 1 / k!))) / bma : 1;
      return 8 * EPS32 * v * (rel + 2 + a);
    },
    entropy: ([l, k]) => 8 * EPS32 * (EULER_GAMMA * (1 + 1 / k!) + abs(log(l!)) + abs(log(k!)) + 1),
    // ∂/∂λ = (k/λ)(z^k − 1), ∂/∂k = 1/k + log z (1 − z^k), ∂/∂x = ((k − 1) − k z^k)/x: terms of size
    // k z^k (1 + |log z|)·(relative error of z^k, eps32·k(|log z| + 1)), and 1/λ, |k − 1|/λ, |k − 1|/x, |log x|, |log λ|.
    grad: (x, p, i, ref) => {
      const [l, k] = p;
      const z = x / l!;
      const zk = z ** k!;
      const dz = 1 + k! * (abs(log(z)) + 1);
      // ∂/∂λ is the sum −1/λ − (k − 1)/λ + k z^k/λ of terms that cancel for small k: bound each.
      const t = i === 0 ? (1 + abs(k! - 1) + k! * zk * dz) / l! : i === 1 ? 1 / k! + abs(log(x)) + abs(log(l!)) + abs(log(z)) * zk * dz : (abs(k! - 1) + k! * zk * dz) / x;
      const size = abs(weibullLogpdf(x, p)) + zk + abs(k! - 1) * (abs(log(x)) + abs(log(l!))) + 1;
      const fd = fdRoundoff(size, i === 0 ? l! / k! : i === 1 ? k! / (1 + k!) : x / (1 + k!), i < 2 ? p[i]! : x, ref);
      return 8 * EPS32 * t + fd + 1e-9 * abs(ref);
    },
    // x = λ·exp(log E/k): dx/dλ = exp(log E/k), dx/dk = −x·log E/k²; log E and the quotient rounded (relative
    // eps32·|log E|/k in x), so against the oracle at the float32 x: ≤ 4·eps32·(1 + |log E|/k)·|ref|… with
    // log E = k·log(x/λ); plus 1e-9 for the oracle. Doubled.
    rsampleGrad: (x, p, i, ref) =>
      8 * EPS32 * (2 + abs(log(x / p[0]!)) * (1 + p[1]!)) * abs(ref) + 1e-9 * abs(ref) + xRounding(weibullSpec, x, p, i),
  },
};

// ——— Beta ———

export const betaLogpdf = (x: number, [a, b]: Params) => (a! - 1) * log(x) + (b! - 1) * Math.log1p(-x) - betaln(a!, b!);
const logit = (y: number) => 1 / (1 + Math.exp(-y));

/** The scale on which Beta(a, b) varies in a (or b): a/(1 + √a), capped by the total concentration's. */
const betaParamScale = ([a, b]: Params, i: number) => {
  const c = i === 0 ? a! : b!;
  return Math.min(c / (1 + Math.sqrt(c)), (a! + b!) / (1 + Math.sqrt(a! + b!)));
};

export const betaSpec: ContinuousSpec = {
  name: "Beta",
  paramNames: ["concentration1", "concentration0"],
  make: (a, b) => Beta(a!, b!),
  // a, b ≥ 0.1: below, the 1e-12 quantiles leave float32 (x < 2⁻¹²⁶ or 1 − x < 2⁻²⁴).
  params: fc.tuple(logU(0.1, 1000), logU(0.1, 1000)),
  sampleParams: fc.tuple(logU(0.5, 50), logU(0.5, 50)),
  quantile: (u, p) =>
    Math.min(
      1 - 2 ** -24,
      invert(u, (x) => betainc(x, p[0]!, p[1]!, true, false), (x) => betainc(x, p[0]!, p[1]!, true, true), -750, 40, logit),
    ),
  logpdf: betaLogpdf,
  cdf: (x, [a, b]) => betainc(x, a!, b!, true, false),
  sf: (x, [a, b]) => betainc(x, a!, b!, true, true),
  mean: ([a, b]) => a! / (a! + b!),
  variance: ([a, b]) => (a! * b!) / ((a! + b!) ** 2 * (a! + b! + 1)),
  entropy: ([a, b]) => betaln(a!, b!) - (a! - 1) * digamma64(a!) - (b! - 1) * digamma64(b!) + (a! + b! - 2) * digamma64(a! + b!),
  kurtosis: ([a, b]) => {
    const s = a! + b!;
    return 3 + (6 * ((a! - b!) ** 2 * (s + 1) - a! * b! * (s + 2))) / (a! * b! * (s + 2) * (s + 3));
  },
  inSupport: (x) => x > 0 && x < 1,
  paramScale: betaParamScale,
  xScale: (x, [a, b]) => Math.min(x, 1 - x) / (1 + Math.sqrt(a! + b!)),
  tol: {
    // xlogy(a − 1, x) + xlog1py(b − 1, −x) − lbeta(a, b): each product 2 ulp of its size, lbeta 4 ulp of
    // (|log B| + 1), two additions: ≤ 4·eps32·(|a − 1||log x| + |b − 1||log1p(−x)| + |log B| + 1), doubled.
    logProb: (x, [a, b]) => 8 * EPS32 * (abs(a! - 1) * abs(log(x)) + abs(b! - 1) * abs(Math.log1p(-x)) + abs(betaln(a!, b!)) + 1),
    mean: () => 4 * EPS32,
    variance: ([a, b]) => 8 * EPS32 * ((a! * b!) / ((a! + b!) ** 2 * (a! + b! + 1))),
    // lbeta + (a − 1)D(a, b) + (b − 1)D(b, a), D accurate to 4 ulp: ≤ 4·eps32·Σ|terms|, doubled.
    entropy: ([a, b]) => {
      const s = a! + b!;
      const t = abs(betaln(a!, b!)) + abs(a! - 1) * (digamma64(s) - digamma64(a!)) + abs(b! - 1) * (digamma64(s) - digamma64(b!));
      return 8 * EPS32 * (t + 1);
    },
    // ∂/∂a = log x − ψ(a) + ψ(a + b) (the lbeta gradient, 6 ulp), ∂/∂x = (a − 1)/x − (b − 1)/(1 − x).
    grad: (x, p, i, ref) => {
      const [a, b] = p;
      const s = a! + b!;
      const t =
        i === 0
          ? abs(log(x)) + digamma64(s) - digamma64(a!)
          : i === 1
            ? abs(Math.log1p(-x)) + digamma64(s) - digamma64(b!)
            : abs(a! - 1) / x + abs(b! - 1) / (1 - x);
      const size = abs(betaLogpdf(x, p)) + abs(a! - 1) * abs(log(x)) + abs(b! - 1) * abs(Math.log1p(-x)) + abs(betaln(a!, b!));
      const fd = fdRoundoff(size, i < 2 ? betaParamScale(p, i) : Math.min(x, 1 - x) / (1 + Math.sqrt(s)), i < 2 ? p[i]! : x, ref);
      return 8 * EPS32 * t + fd + 1e-9 * abs(ref);
    },
    // The gradient is computed in float64 at the float32 draw (accuracy 1e-10, beta-gradient.ts) and rounded
    // once (eps32 relative, or half the subnormal spacing 2⁻¹⁵⁰ below 2⁻¹²⁶). The oracle is a Richardson
    // difference of @stdlib betainc, relative accuracy ε_F ≤ 1e-9 (~1e-14 typically, up to 6e-10 at some
    // non-integer parameters against mpmath): roundoff ≤ 3ε_F·F/h in ∂F/∂θ with h = 1e-3·scale and
    // F = min(CDF, survival), i.e. ≤ 3e-6·F/(scale·p(x)) in the gradient. Both doubled.
    rsampleGrad: (x, p, i, ref) => {
      const F = Math.min(betainc(x, p[0]!, p[1]!, true, false), betainc(x, p[0]!, p[1]!, true, true));
      return 4 * EPS32 * abs(ref) + 2 ** -149 + (6e-6 * F) / (betaParamScale(p, i) * Math.exp(betaLogpdf(x, p)));
    },
  },
};

// ——— Kumaraswamy ———

/** log(1 − x^a) in float64, accurate next to x = 1. */
const log1mxa = (x: number, a: number) => {
  const t = a * log(x);
  return t > -Math.LN2 ? log(-Math.expm1(t)) : Math.log1p(-Math.exp(t));
};
export const kumaraswamyLogpdf = (x: number, [a, b]: Params) => log(a!) + log(b!) + (a! - 1) * log(x) + (b! - 1) * log1mxa(x, a!);
/** Raw moment E[xⁿ] = b·B(1 + n/a, b). */
const km = (a: number, b: number, n: number) => Math.exp(log(b) + betaln(1 + n / a, b));

export const kumaraswamySpec: ContinuousSpec = {
  name: "Kumaraswamy",
  paramNames: ["concentration1", "concentration0"],
  make: (a, b) => Kumaraswamy(a!, b!),
  params: fc.tuple(logU(0.1, 50), logU(0.1, 50)),
  sampleParams: fc.tuple(logU(0.5, 20), logU(0.5, 20)),
  // F⁻¹(u) = (1 − (1 − u)^{1/b})^{1/a}, with 1 − (1 − u)^{1/b} = −expm1(log1p(−u)/b).
  quantile: (u, [a, b]) =>
    Math.min(1 - 2 ** -24, Math.max(TINY32, Math.exp(log(-Math.expm1(Math.log1p(-u) / b!)) / a!))),
  logpdf: kumaraswamyLogpdf,
  cdf: (x, [a, b]) => -Math.expm1(b! * log1mxa(x, a!)),
  sf: (x, [a, b]) => Math.exp(b! * log1mxa(x, a!)),
  mean: ([a, b]) => km(a!, b!, 1),
  variance: ([a, b]) => km(a!, b!, 2) - km(a!, b!, 1) ** 2,
  entropy: ([a, b]) => 1 - 1 / b! + (1 - 1 / a!) * (digamma64(b! + 1) + EULER_GAMMA) - log(a! * b!),
  kurtosis: ([a, b]) => {
    const [m1, m2, m3, m4] = [1, 2, 3, 4].map((n) => km(a!, b!, n)) as [number, number, number, number];
    const v = m2 - m1 ** 2;
    return (m4 - 4 * m1 * m3 + 6 * m1 ** 2 * m2 - 3 * m1 ** 4) / v ** 2;
  },
  inSupport: (x) => x > 0 && x < 1,
  paramScale: ([a, b], i) => (i === 0 ? a! / (1 + a!) : b! / (1 + Math.sqrt(b!))),
  xScale: (x, [a, b]) => Math.min(x, 1 - x) / (1 + a! + Math.sqrt(b!)),
  tol: {
    // log a + log b + xlogy(a − 1, x) + (b − 1)·log(1 − x^a), the last through log1mexp(t), t = a·log x with
    // relative error 2·eps32, which moves log(1 − e^t) by 2·eps32·|t|·e^t/(1 − e^t): ≤ 4·eps32·(Σ|terms| +
    // |b − 1|·|t|e^t/(1 − e^t)), doubled.
    logProb: (x, [a, b]) => {
      const t = a! * log(x);
      const amp = (abs(t) * Math.exp(t)) / -Math.expm1(t);
      return 8 * EPS32 * (abs(log(a!)) + abs(log(b!)) + abs(a! - 1) * abs(log(x)) + abs(b! - 1) * (abs(log1mxa(x, a!)) + amp) + 1);
    },
    // exp(log b + lbeta(1 + 1/a, b)): the argument off by 4·eps32·(|log b| + |lbeta| + 1) absolute.
    mean: ([a, b]) => 8 * EPS32 * km(a!, b!, 1) * (abs(log(b!)) + abs(betaln(1 + 1 / a!, b!)) + 2),
    // −m₂·expm1(2 log m₁ − log m₂): the exponent's absolute error 4·eps32·(|log m₁|… + lbeta sizes) divided by
    // its size |log(1 − v/m₂)| ≈ v/m₂ gives the relative error of v.
    variance: ([a, b]) => {
      const m2 = km(a!, b!, 2);
      const v = m2 - km(a!, b!, 1) ** 2;
      const size = 3 * abs(log(b!)) + 2 * abs(betaln(1 + 1 / a!, b!)) + abs(betaln(1 + 2 / a!, b!)) + 2;
      return 8 * EPS32 * (v + m2 * size);
    },
    entropy: ([a, b]) => 8 * EPS32 * (1 + 1 / b! + (1 + 1 / a!) * (digamma64(b! + 1) + EULER_GAMMA) + abs(log(a!)) + abs(log(b!))),
    // ∂/∂a = 1/a + log x − (b − 1)·x^a log x/(1 − x^a); ∂/∂b = 1/b + log(1 − x^a);
    // ∂/∂x = (a − 1)/x − (b − 1)·a x^{a−1}/(1 − x^a); each a few roundings of its terms, with the relative
    // error 2·eps32·(1 + |t|) of the quotient e^t/(1 − e^t) (t = a log x) added.
    grad: (x, p, i, ref) => {
      const [a, b] = p;
      const t = a! * log(x);
      const r = Math.exp(t) / -Math.expm1(t); // x^a/(1 − x^a)
      const amp = 2 + abs(t) * (1 + r);
      const terms =
        i === 0
          ? 1 / a! + abs(log(x)) * (1 + abs(b! - 1) * r * amp)
          : i === 1
            ? 1 / b! + abs(log1mxa(x, a!)) + abs(t) * r
            : (abs(a! - 1) + abs(b! - 1) * a! * r * amp) / x;
      const size = abs(kumaraswamyLogpdf(x, p)) + abs(a! - 1) * abs(log(x)) + abs(b! - 1) * abs(log1mxa(x, a!)) + 1;
      const scale = i === 0 ? a! / (1 + a!) : i === 1 ? b! / (1 + Math.sqrt(b!)) : Math.min(x, 1 - x) / (1 + a! + Math.sqrt(b!));
      return 8 * EPS32 * terms + fdRoundoff(size, scale, i < 2 ? p[i]! : x, ref) + 1e-9 * abs(ref);
    },
    // x = exp(fl(L/a)), L = log1mexp(−s), s = exp(fl(ℓ − log b)), ℓ = log E rounded to float32 (E = b·s with
    // s = −log(1 − x^a)): s carries the relative error δs ≤ eps32·(|ℓ| + |log b| + 3), L then
    // δL ≤ κ·δs + 2·eps32 with κ = s·e^{−s}/((1 − e^{−s})|L|), x then δx ≤ |L/a|·(δL + eps32) + eps32. The
    // autodiff gradient at these perturbed intermediates and the oracle at the rounded x differ by a few times
    // the largest of them: 8·eps32·(4 + |ℓ| + |log b|)·(1 + κ)·(1 + |L|/a) relative; 1e-9 for the oracle.
    rsampleGrad: (x, [a, b], i, ref) => {
      const L = a! * log(x); // = log(1 − e^{−s})
      const sv = -log1mxa(x, a!); // s = −log(1 − x^a)
      const kappa = (sv * Math.exp(-sv)) / (-Math.expm1(-sv) * Math.max(abs(L), 1e-300));
      const ell = log(b! * sv);
      return (8 * EPS32 * (4 + abs(ell) + abs(log(b!))) * (1 + kappa) * (1 + abs(log(x))) + 1e-9) * abs(ref) + xRounding(kumaraswamySpec, x, [a!, b!], i);
    },
  },
};
