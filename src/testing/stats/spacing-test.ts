/**
 * Goodness of fit of 1-D samples to a density, needing neither a CDF nor a sampler.
 *
 * @module
 */
import { assertFailureRate } from "./assert-failure-rate.js";
import { finiteSamples } from "./finite-samples.js";
import { kuiperSurvival } from "./special64.js";
import { uniformityTest } from "./uniformity-test.js";

/** Options for {@link spacingTest}. */
export interface SpacingTestOptions {
  /** False-failure rate of the whole test (split equally between its two parts). Default 1e-6. */
  alpha?: number;
}

/** Result of {@link spacingTest}. */
export interface SpacingTestResult {
  /** pValue > alpha. */
  pass: boolean;
  /** Bonferroni combination of the two parts: min(1, 2·min(histogramPValue, cdfPValue)). */
  pValue: number;
  /** G² of the histogram of the transformed spacings uᵢ (see below). */
  statistic: number;
  /** Number of histogram bins. */
  bins: number;
  /** Number of samples. */
  n: number;
  /** p-value of the histogram part (≈ χ²_{bins−1} tail of `statistic`). */
  histogramPValue: number;
  /** Kuiper's distance V between the empirical CDF and the CDF integrated from the density. */
  cdfStatistic: number;
  /** p-value of the CDF part (asymptotic Kuiper distribution with Stephens' correction). */
  cdfPValue: number;
}

const MIN_SAMPLES = 100;
const MAX_DEPTH = 40;

/**
 * Tests whether 1-D samples come from a density, using only the density (no CDF, no sampler).
 *
 * Sort the n samples, x₍₁₎ < … < x₍ₙ₎, and integrate the density over each gap:
 * Dᵢ = ∫_{x₍ᵢ₎}^{x₍ᵢ₊₁₎} p = F(x₍ᵢ₊₁₎) − F(x₍ᵢ₎), by Simpson's rule
 * gᵢ·(p(x₍ᵢ₎) + 4·p(mᵢ) + p(x₍ᵢ₊₁₎))/6 (gᵢ the gap, mᵢ its midpoint), refined adaptively on
 * gaps where p changes by more than 10% (the wide gaps in the tails). Under the null the Dᵢ
 * are uniform spacings. Two checks, each at alpha/2 (Bonferroni):
 *
 * 1. Histogram (the classic spacing test): Dᵢ ~ Beta(1, n), so P(Dᵢ > t) = (1 − t)ⁿ and
 *    uᵢ = (1 − Dᵢ)ⁿ = exp(n·log1p(−Dᵢ)) ≈ exp(−n·gᵢ·p(mᵢ)) is Uniform(0, 1). The n − 1 values
 *    uᵢ are binned into ≈ n^{1/3} bins and tested by the likelihood-ratio χ² (`uniformityTest`).
 *    This catches local defects: clumped or too-regular samples, mis-normalized densities.
 * 2. CDF (Kuiper): the partial sums Sᵢ = D₁ + … + Dᵢ₋₁ equal F(x₍ᵢ₎) − F(x₍₁₎), so the claimed
 *    CDF at the samples is known up to the constant F(x₍₁₎). Kuiper's statistic
 *    V = maxᵢ(i/n − Sᵢ) + maxᵢ(Sᵢ − (i−1)/n) does not depend on that constant; its p-value is
 *    Q_KP((√n + 0.155 + 0.24/√n)·V). This catches global defects such as a wrong scale or
 *    location, to which the histogram alone is almost blind: for normalized densities the
 *    first-order effect of a wrong p on the pooled uᵢ averages out (with 5,000 Normal(0, 1)
 *    draws and the density of Normal(0, 1.2) the histogram p-value is typically ≈ 0.2, the
 *    CDF p-value ≈ 1e-20).
 *
 * Why Simpson: the midpoint rule (error −p″g³/24) and the end-point average (trapezoid, error
 * +p″g³/12) are biased by 10–30% on the widest gaps, in the tails, where p changes by a large
 * factor across one gap (for p ∝ e^{−x} over a gap of 2: midpoint −15%, trapezoid +31%,
 * Simpson +0.5%); in the CDF part such errors accumulate. Simpson is exact for cubics and
 * costs 2n − 1 density evaluations (plus a few for adaptive refinement in the tails).
 *
 * False-failure rate: the uᵢ are not independent (the spacings sum to at most 1) but their
 * dependence is negative, so binned counts vary less than multinomial ones and the histogram
 * p-value is conservative; Kuiper's statistic of exact CDF values has the stated null
 * distribution. Both parts are asymptotic and rely on the quadrature being accurate, so the
 * rate is ≈ alpha, not a proven bound (measured: conservative at n = 100…5,000).
 *
 * Ties: exact repeats (zero gaps) are impossible for a continuous distribution. A handful
 * (at most ½·√(samples per bin), e.g. from float32 rounding) are tolerated; more throw,
 * because the distribution looks discrete (use `discreteGofTest`).
 * A sample where the density is exactly 0 cannot occur under the density, so the test then
 * fails outright (pValue 0, statistic Infinity).
 *
 * @param samples - independent draws from the distribution under test, at least 100
 * @param density - the claimed probability density (normalized)
 * @param options - alpha, default 1e-6
 * @throws RangeError for fewer than 100 samples, non-finite samples, a density value that is
 * negative or not finite (the message names the point), or many repeated values
 *
 * @example
 * ```ts
 * const r = spacingTest(draws, (x) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI));
 * if (!r.pass) throw new Error(`samples do not match the density: p = ${r.pValue}`);
 * ```
 */
export function spacingTest(
  samples: ArrayLike<number>,
  density: (x: number) => number,
  options: SpacingTestOptions = {},
): SpacingTestResult {
  const { alpha = 1e-6 } = options;
  assertFailureRate("spacingTest", alpha);
  if (typeof density !== "function") {
    throw new RangeError(`spacingTest: density must be a function, got ${typeof density}`);
  }
  const x = finiteSamples("spacingTest", samples);
  const n = x.length;
  if (n < MIN_SAMPLES) {
    throw new RangeError(
      `spacingTest: needs at least ${MIN_SAMPLES} samples for a false-failure rate of ${alpha}, got ${n}`,
    );
  }
  x.sort();

  const p = (at: number): number => {
    const v = density(at);
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new RangeError(`spacingTest: density(${at}) must be a finite non-negative number, got ${String(v)}`);
    }
    return v;
  };
  // Absolute error allowed per gap: the summed error stays far below the Kuiper resolution 1/√n.
  const tolerance = 1e-3 / (n * Math.sqrt(n));
  // Cap on extra density evaluations for refinement (pathological densities stop refining).
  const budget = { left: 50 * n };

  const m = n - 1;
  const bins = Math.max(2, Math.round(Math.cbrt(m)));
  const allowedTies = Math.floor(0.5 * Math.sqrt(m / bins));
  const u = new Float64Array(m);
  let ties = 0;
  let firstTie = NaN;
  let zeroDensity = false;
  // Kuiper: track max(i/n − S_i) and max(S_i − (i−1)/n) with S_1 = 0 (1-based i).
  let cumulative = 0;
  let dPlus = 1 / n;
  let dMinus = 0;
  let pLeft = p(x[0]!);
  if (pLeft === 0) zeroDensity = true;
  for (let i = 0; i < m; i++) {
    const a = x[i]!;
    const b = x[i + 1]!;
    const pRight = p(b);
    if (pRight === 0) zeroDensity = true;
    const gap = b - a;
    let mass = 0;
    if (gap === 0) {
      if (ties === 0) firstTie = a;
      ties++;
      u[i] = 1;
    } else {
      const mid = a + 0.5 * gap;
      mass = simpson(p, a, mid, b, pLeft, p(mid), pRight, tolerance, MAX_DEPTH, budget);
      u[i] = mass < 1 ? Math.exp(n * Math.log1p(-mass)) : 0;
    }
    pLeft = pRight;
    cumulative += mass; // now S_{i+2} in 1-based terms
    const k = i + 2;
    const above = k / n - cumulative;
    const below = cumulative - (k - 1) / n;
    if (above > dPlus) dPlus = above;
    if (below > dMinus) dMinus = below;
  }
  if (ties > allowedTies) {
    throw new RangeError(
      `spacingTest: ${ties} of ${n} sorted samples repeat the previous value (first ${firstTie}); ` +
        `a continuous distribution gives no repeats, so the distribution looks discrete ` +
        `(use discreteGofTest) or the samples were rounded`,
    );
  }
  const cdfStatistic = dPlus + dMinus;
  if (zeroDensity) {
    return {
      pass: false, pValue: 0, statistic: Infinity, bins, n,
      histogramPValue: 0, cdfStatistic, cdfPValue: 0,
    };
  }
  const histogram = uniformityTest(u, { alpha, bins });
  const sqrtN = Math.sqrt(n);
  const cdfPValue = kuiperSurvival((sqrtN + 0.155 + 0.24 / sqrtN) * cdfStatistic);
  const pValue = Math.min(1, 2 * Math.min(histogram.pValue, cdfPValue));
  return {
    pass: pValue > alpha,
    pValue,
    statistic: histogram.statistic,
    bins,
    n,
    histogramPValue: histogram.pValue,
    cdfStatistic,
    cdfPValue,
  };
}

/**
 * ∫_a^b p by Simpson's rule, bisecting while p changes by more than 10% over the interval and
 * the two-halves estimate differs from the whole one by more than 15·tolerance (Richardson),
 * within a depth limit and a shared budget of extra evaluations.
 */
function simpson(
  p: (x: number) => number,
  a: number,
  mid: number,
  b: number,
  pa: number,
  pm: number,
  pb: number,
  tolerance: number,
  depth: number,
  budget: { left: number },
): number {
  const whole = ((b - a) * (pa + 4 * pm + pb)) / 6;
  const hi = Math.max(pa, pm, pb);
  const lo = Math.min(pa, pm, pb);
  if (depth === 0 || budget.left <= 0 || hi <= 1.1 * lo) return whole;
  const lm = 0.5 * (a + mid);
  const rm = 0.5 * (mid + b);
  if (!(lm > a && lm < mid && rm > mid && rm < b)) return whole; // no room left in float64
  const plm = p(lm);
  const prm = p(rm);
  budget.left -= 2;
  const left = ((mid - a) * (pa + 4 * plm + pm)) / 6;
  const right = ((b - mid) * (pm + 4 * prm + pb)) / 6;
  const diff = left + right - whole;
  if (Math.abs(diff) <= 15 * tolerance) return left + right + diff / 15;
  return (
    simpson(p, a, lm, mid, pa, plm, pm, tolerance / 2, depth - 1, budget) +
    simpson(p, mid, rm, b, pm, prm, pb, tolerance / 2, depth - 1, budget)
  );
}
