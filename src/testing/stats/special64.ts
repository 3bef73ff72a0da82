/**
 * Float64 special functions for the statistical tests in `latent/testing`.
 *
 * Plain JavaScript numbers, no tensors. Everything is built on two primitives:
 * {@link logGamma} (Lanczos) and the regularized incomplete gamma functions
 * {@link regularizedGammaP} / {@link regularizedGammaQ} (power series below the transition
 * point, Lentz continued fraction above it). The error function, the normal CDF and the
 * chi-square survival function are special cases of Q:
 *
 * - erfc(x) = Q(1/2, x²) for x ≥ 0,
 * - Φ(−x) = Q(1/2, x²/2) / 2 for x ≥ 0,
 * - P(χ²_k > x) = Q(k/2, x/2).
 *
 * Accuracy (checked in `test/testing/stats/special64.test.ts`): logGamma to about 1e-14
 * relative (absolute near its zeros at 1 and 2); P and Q to about 1e-13 relative for
 * a ≤ 100, degrading like a·ε for very large a (the prefactor e^{−x}x^a/Γ(a) cancels);
 * Φ and its tails to about 1e-14 relative down to 1e-300; the normal quantile to about
 * 1e-14 relative.
 *
 * @module
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT_PI = Math.sqrt(Math.PI);
const EPS = 2.220446049250313e-16;
const TINY = 1e-300;

// Lanczos approximation, g = 7, nine terms: Γ(z+1) = √(2π) (z+g+½)^{z+½} e^{−(z+g+½)} A_g(z),
// A_g(z) = c0 + Σ_{k=1}^{8} c_k / (z + k). Relative error below 2e-15 for Re z > 0.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
] as const;

/** sin(πx), exact at integers and accurate near them (argument reduced before scaling by π). */
function sinPi(x: number): number {
  // Reduce to r in [−1, 1] with sin(πx) = sin(πr); then fold into [−½, ½].
  let r = x - 2 * Math.round(x / 2);
  let sign = 1;
  if (r > 0.5) {
    r = 1 - r;
  } else if (r < -0.5) {
    r = -1 - r;
  }
  if (r < 0) {
    r = -r;
    sign = -1;
  }
  return sign * Math.sin(Math.PI * r);
}

/**
 * Natural log of the absolute value of the gamma function, log|Γ(x)|.
 *
 * For x ≥ ½ the Lanczos approximation (g = 7, 9 terms):
 * log Γ(x) = ½log(2π) + (x − ½)·log(t) − t + log A(x − 1), with t = x + g − ½.
 * For x < ½ the reflection formula Γ(x)Γ(1 − x) = π / sin(πx).
 * Poles (x = 0, −1, −2, …) give +Infinity; NaN gives NaN.
 *
 * @example
 * ```ts
 * logGamma(5);   // log(24) ≈ 3.1780538303479458
 * logGamma(0.5); // log(√π) ≈ 0.5723649429247001
 * ```
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x === -Infinity) return Infinity;
  if (x < 0.5) {
    const s = sinPi(x);
    if (s === 0) return Infinity;
    return Math.log(Math.PI / Math.abs(s)) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let k = 1; k < LANCZOS.length; k++) sum += LANCZOS[k]! / (z + k);
  const t = z + LANCZOS_G + 0.5;
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

function checkGammaArgs(where: string, a: number, x: number): void {
  if (!(a > 0) || !Number.isFinite(a)) {
    throw new RangeError(`${where}: shape a must be a finite positive number, got ${a}`);
  }
  if (!(x >= 0)) {
    throw new RangeError(`${where}: x must be a non-negative number, got ${x}`);
  }
}

/** log of the common prefactor e^{−x} x^a / Γ(a). */
function logPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - logGamma(a);
}

function maxIterations(a: number): number {
  return 1000 + Math.ceil(50 * Math.sqrt(a));
}

/** Series for P(a, x), good for x < a + 1: P = prefactor · Σ_{n≥0} x^n / (a(a+1)…(a+n)). */
function gammaSeries(a: number, x: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  const limit = maxIterations(a);
  for (let n = 0; n < limit; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) {
      return sum * Math.exp(logPrefactor(a, x));
    }
  }
  throw new Error(`regularizedGammaP: series did not converge for a = ${a}, x = ${x}`);
}

/**
 * Continued fraction for Q(a, x), good for x ≥ a + 1, evaluated with the modified Lentz method:
 * Q = prefactor · 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …))).
 */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  const limit = maxIterations(a);
  for (let i = 1; i < limit; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) {
      return h * Math.exp(logPrefactor(a, x));
    }
  }
  throw new Error(`regularizedGammaQ: continued fraction did not converge for a = ${a}, x = ${x}`);
}

/**
 * Regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a) = (1/Γ(a)) ∫₀ˣ t^{a−1} e^{−t} dt.
 *
 * Uses the power series P = e^{−x} x^a / Γ(a) · Σ_{n≥0} x^n / (a(a+1)…(a+n)) when x < a + 1,
 * otherwise 1 − Q(a, x) from the continued fraction.
 *
 * @param a - shape, finite and > 0
 * @param x - ≥ 0 (Infinity gives 1)
 * @throws RangeError for a ≤ 0, x < 0 or NaN
 *
 * @example
 * ```ts
 * regularizedGammaP(1, 2); // 1 − e^{−2} ≈ 0.8646647167633873
 * ```
 */
export function regularizedGammaP(a: number, x: number): number {
  checkGammaArgs("regularizedGammaP", a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  if (x < a + 1) return gammaSeries(a, x);
  return 1 - gammaContinuedFraction(a, x);
}

/**
 * Regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x).
 *
 * Uses the Lentz continued fraction when x ≥ a + 1 (so tiny tails keep full relative
 * accuracy), otherwise 1 − P(a, x) from the series.
 *
 * @param a - shape, finite and > 0
 * @param x - ≥ 0 (Infinity gives 0)
 * @throws RangeError for a ≤ 0, x < 0 or NaN
 *
 * @example
 * ```ts
 * regularizedGammaQ(1, 2);     // e^{−2} ≈ 0.1353352832366127
 * regularizedGammaQ(0.5, 100); // erfc(10) ≈ 2.088487583762545e-45
 * ```
 */
export function regularizedGammaQ(a: number, x: number): number {
  checkGammaArgs("regularizedGammaQ", a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return 1 - gammaSeries(a, x);
  return gammaContinuedFraction(a, x);
}

/**
 * Error function erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt = sign(x) · P(½, x²).
 *
 * @example
 * ```ts
 * erf(1); // ≈ 0.8427007929497149
 * ```
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  // Below 1e-8 the Taylor series 2x/√π (1 − x²/3) is exact in float64 and avoids x² underflow.
  if (ax < 1e-8) return ((2 * x) / SQRT_PI) * (1 - (x * x) / 3);
  const p = regularizedGammaP(0.5, ax * ax);
  return x < 0 ? -p : p;
}

/**
 * Complementary error function erfc(x) = 1 − erf(x) = (2/√π) ∫ₓ^∞ e^{−t²} dt.
 *
 * For x ≥ 0, erfc(x) = Q(½, x²), which keeps full relative accuracy in the tail
 * (erfc(26) ≈ 5.7e-296); for x < 0, erfc(x) = 2 − erfc(−x).
 *
 * @example
 * ```ts
 * erfc(3); // ≈ 2.209049699858544e-05
 * ```
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 1e-8) return 1 - (2 * x) / SQRT_PI;
  return regularizedGammaQ(0.5, x * x);
}

/**
 * Standard normal density φ(x) = e^{−x²/2} / √(2π).
 *
 * @example
 * ```ts
 * normalPdf(0); // ≈ 0.3989422804014327
 * ```
 */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

/**
 * Standard normal CDF Φ(x) = P(Z ≤ x) = ½ erfc(−x/√2).
 *
 * Computed as Φ(x) = ½ Q(½, x²/2) for x < 0 (full relative accuracy deep in the lower tail)
 * and 1 − ½ Q(½, x²/2) for x ≥ 0. Use {@link normalSurvival} for upper-tail probabilities.
 *
 * @example
 * ```ts
 * normalCdf(-1.959963984540054); // ≈ 0.025
 * normalCdf(-10);                // ≈ 7.619853024160527e-24
 * ```
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 0.5 * regularizedGammaQ(0.5, 0.5 * x * x);
  return 1 - 0.5 * regularizedGammaQ(0.5, 0.5 * x * x);
}

/**
 * Standard normal upper tail 1 − Φ(x) = P(Z > x) = Φ(−x), with full relative accuracy for
 * large x (no cancellation).
 *
 * @example
 * ```ts
 * normalSurvival(4.753424308822899); // ≈ 1e-6
 * ```
 */
export function normalSurvival(x: number): number {
  return normalCdf(-x);
}

// Acklam's rational approximations for Φ⁻¹ (relative error < 1.15e-9 before refinement).
const ACKLAM_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
] as const;
const ACKLAM_B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
] as const;
const ACKLAM_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
] as const;
const ACKLAM_D = [
  7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416,
] as const;
const ACKLAM_P_LOW = 0.02425;

/** Acklam's initial approximation for 0 < p ≤ ½. */
function acklamLower(p: number): number {
  if (p < ACKLAM_P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    const c = ACKLAM_C;
    const d = ACKLAM_D;
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  const a = ACKLAM_A;
  const b = ACKLAM_B;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * Inverse standard normal CDF Φ⁻¹(p): the z with P(Z ≤ z) = p.
 *
 * Acklam's rational approximation (relative error < 1.15e-9), then one Halley step on
 * f(z) = Φ(z) − p: with u = (Φ(z) − p)/φ(z), z ← z − u / (1 + z·u/2). Halley converges
 * cubically, so one step reaches the accuracy of Φ itself. For p > ½ it uses
 * Φ⁻¹(p) = −Φ⁻¹(1 − p) (1 − p is exact there), so tiny lower-tail p keep full precision;
 * for tiny upper-tail probabilities call `-normalQuantile(q)` with q = 1 − p directly.
 *
 * @param p - probability in [0, 1]; 0 and 1 give ∓Infinity
 * @throws RangeError if p is outside [0, 1] or NaN
 *
 * @example
 * ```ts
 * normalQuantile(0.975); // ≈ 1.959963984540054
 * normalQuantile(1e-6);  // ≈ -4.753424308822899
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`normalQuantile: expected a probability in [0, 1], got ${p}`);
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -normalQuantile(1 - p);
  const z = acklamLower(p);
  // Halley step. u = (Φ(z) − p)/φ(z) = (Φ(z)/p − 1) · p/φ(z), with p/φ(z) formed in logs so
  // that it neither overflows nor underflows for p down to the smallest subnormal.
  const relativeError = normalCdf(z) / p - 1;
  const u = relativeError * Math.exp(Math.log(p) + 0.5 * z * z + LOG_SQRT_2PI);
  return z - u / (1 + 0.5 * z * u);
}

/**
 * Chi-square survival function P(χ²_k > x) = Q(k/2, x/2).
 *
 * Full relative accuracy in the upper tail, which is what p-values need.
 *
 * @param x - the statistic; x ≤ 0 gives 1
 * @param k - degrees of freedom, finite and > 0 (need not be an integer)
 * @throws RangeError for k ≤ 0 or NaN arguments
 *
 * @example
 * ```ts
 * chiSquareSurvival(3.841458820694124, 1); // ≈ 0.05
 * chiSquareSurvival(2, 2);                 // e^{−1} ≈ 0.36787944117144233
 * ```
 */
export function chiSquareSurvival(x: number, k: number): number {
  if (!(k > 0) || !Number.isFinite(k)) {
    throw new RangeError(`chiSquareSurvival: degrees of freedom must be a finite positive number, got ${k}`);
  }
  if (Number.isNaN(x)) {
    throw new RangeError(`chiSquareSurvival: statistic must be a number, got ${x}`);
  }
  if (x <= 0) return 1;
  return regularizedGammaQ(0.5 * k, 0.5 * x);
}

/**
 * Survival function of the asymptotic Kuiper distribution,
 * Q_KP(λ) = 2 Σ_{j≥1} (4j²λ² − 1) e^{−2j²λ²} = lim_{n→∞} P(√n·V > λ),
 * where V = D⁺ + D⁻ is Kuiper's statistic. For finite n use λ = (√n + 0.155 + 0.24/√n)·V
 * (Stephens 1970), which is accurate to a few percent down to p ≈ 1e-5 already for n = 100.
 * Returns 1 for λ < 0.4, where the series is not yet a probability and the p-value is 1 to
 * the accuracy needed by tests.
 *
 * @example
 * ```ts
 * kuiperSurvival(1.747); // ≈ 0.05
 * ```
 */
export function kuiperSurvival(lambda: number): number {
  if (Number.isNaN(lambda)) {
    throw new RangeError(`kuiperSurvival: lambda must be a number, got ${lambda}`);
  }
  if (lambda < 0.4) return 1;
  const l2 = lambda * lambda;
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const j2 = j * j;
    const term = (4 * j2 * l2 - 1) * Math.exp(-2 * j2 * l2);
    sum += term;
    if (Math.abs(term) <= EPS * Math.abs(sum)) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}
