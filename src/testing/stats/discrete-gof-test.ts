/**
 * Goodness of fit of samples to a probability mass function.
 *
 * @module
 */
import { assertFailureRate } from "./assert-failure-rate.js";
import { finiteSamples } from "./finite-samples.js";
import { likelihoodRatioTest } from "./likelihood-ratio-test.js";

/** Options for {@link discreteGofTest}. */
export interface DiscreteGofTestOptions {
  /** False-failure rate. Default 1e-6. */
  alpha?: number;
  /** Adjacent cells are merged until each has at least this expected count. Default 5. */
  minExpected?: number;
  /**
   * The support values to use as cells, for distributions on non-integer values. Default: every
   * integer from the smallest to the largest sample (samples must then be integers).
   */
  support?: ArrayLike<number>;
}

/** Result of {@link discreteGofTest}. */
export interface DiscreteGofTestResult {
  /** pValue > alpha. */
  pass: boolean;
  /** P(χ²_df > statistic); 0 when a sample has probability 0; 1 when fewer than 2 cells remain. */
  pValue: number;
  /** The likelihood-ratio statistic G² = 2 Σ O ln(O/E) over the merged cells. */
  statistic: number;
  /** Number of cells after merging (the tail cell included when it has expected mass). */
  cells: number;
  /** cells − 1. */
  degreesOfFreedom: number;
  /** Number of samples. */
  n: number;
}

const MIN_SAMPLES = 100;
const MAX_INTEGER_RANGE = 10_000_000;

/**
 * Tests whether samples come from a discrete distribution with mass function `pmf`.
 *
 * Cells: every integer k from min(samples) to max(samples) (or the values of `options.support`),
 * with observed count Oₖ and expected count Eₖ = n·pmf(k), plus one tail cell for all other
 * values, with E = n·(1 − Σₖ pmf(k)) and O = the samples outside the listed cells (0 in the
 * integer-range mode). Walking the cells in increasing order, adjacent cells are merged until each
 * group has E ≥ `minExpected` (the remainder joins the last group; a small tail joins the smallest
 * group). Then G² = 2 Σ [O ln(O/E) − (O − E)] ≈ χ² with (groups − 1) degrees of freedom, and
 * `pass = pValue > alpha`.
 *
 * Why every integer in the sample range rather than only the values seen: the cells must not
 * depend on which values happened to appear. Values that were not seen have O = 0 by
 * construction, so lumping all of them into a tail cell (as "support seen + tail" would) makes the
 * test fail whenever many support points are individually rare (e.g. Poisson(1000) with 500
 * samples). With the whole range, only the mass beyond the sample extremes (expected count ≈ 1
 * each side) is chosen by the data. Why G² and not Pearson's X²: see `likelihoodRatioTest`.
 *
 * A sample with pmf 0 cannot occur under the pmf, so the test then fails outright
 * (pValue 0, statistic Infinity).
 *
 * @param samples - independent draws, at least 100; integers unless `support` is given
 * @param pmf - the claimed probability mass function; must return numbers in [0, 1]
 * @param options - alpha (default 1e-6), minExpected (default 5), support
 * @throws RangeError for fewer than 100 samples, non-integer samples without `support`, an
 * integer range wider than 10⁷, pmf values outside [0, 1], or bad options
 *
 * @example
 * ```ts
 * const poisson = (k: number) => Math.exp(k * Math.log(3) - 3 - logGamma(k + 1));
 * discreteGofTest(counts, poisson).pass;
 * ```
 */
export function discreteGofTest(
  samples: ArrayLike<number>,
  pmf: (k: number) => number,
  options: DiscreteGofTestOptions = {},
): DiscreteGofTestResult {
  const { alpha = 1e-6, minExpected = 5, support } = options;
  assertFailureRate("discreteGofTest", alpha);
  if (typeof pmf !== "function") {
    throw new RangeError(`discreteGofTest: pmf must be a function, got ${typeof pmf}`);
  }
  if (typeof minExpected !== "number" || !(minExpected >= 1) || !Number.isFinite(minExpected)) {
    throw new RangeError(`discreteGofTest: minExpected must be a finite number >= 1, got ${String(minExpected)}`);
  }
  const x = finiteSamples("discreteGofTest", samples);
  const n = x.length;
  if (n < MIN_SAMPLES) {
    throw new RangeError(
      `discreteGofTest: needs at least ${MIN_SAMPLES} samples for a false-failure rate of ${alpha}, got ${n}`,
    );
  }
  x.sort();

  // The cell values, in increasing order.
  let values: Float64Array;
  if (support !== undefined) {
    const s = finiteSamples("discreteGofTest (support)", support).sort();
    let distinct = 0;
    for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) s[distinct++] = s[i]!;
    if (distinct === 0) throw new RangeError("discreteGofTest: support must list at least one value, got none");
    values = s.slice(0, distinct);
  } else {
    for (let i = 0; i < n; i++) {
      if (!Number.isInteger(x[i])) {
        throw new RangeError(
          `discreteGofTest: samples must be integers unless options.support lists the support, got ${x[i]}`,
        );
      }
    }
    const lo = x[0]!;
    const hi = x[n - 1]!;
    const width = hi - lo + 1;
    if (width > MAX_INTEGER_RANGE) {
      throw new RangeError(
        `discreteGofTest: the samples span ${width} integers (${lo} to ${hi}), more than ${MAX_INTEGER_RANGE}; pass options.support`,
      );
    }
    values = new Float64Array(width);
    for (let i = 0; i < width; i++) values[i] = lo + i;
  }

  // Observed and expected counts per value; samples outside `values` go to the tail.
  const k = values.length;
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  let tailObserved = 0;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    while (j < k && values[j]! < v) j++;
    if (j < k && values[j] === v) observed[j]! += 1;
    else tailObserved++;
  }
  let listedMass = 0;
  for (let i = 0; i < k; i++) {
    const v = values[i]!;
    const p = pmf(v);
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new RangeError(`discreteGofTest: pmf(${v}) must be a number in [0, 1], got ${String(p)}`);
    }
    if (p === 0 && observed[i]! > 0) {
      return { pass: false, pValue: 0, statistic: Infinity, cells: 0, degreesOfFreedom: 0, n };
    }
    expected[i] = n * p;
    listedMass += p;
  }
  const tailExpected = n * Math.max(0, 1 - listedMass);
  if (tailObserved > 0 && tailExpected === 0) {
    return { pass: false, pValue: 0, statistic: Infinity, cells: 0, degreesOfFreedom: 0, n };
  }

  // Merge adjacent cells until each group expects at least minExpected.
  const groupObserved: number[] = [];
  const groupExpected: number[] = [];
  let o = 0;
  let e = 0;
  for (let i = 0; i < k; i++) {
    o += observed[i]!;
    e += expected[i]!;
    if (e >= minExpected) {
      groupObserved.push(o);
      groupExpected.push(e);
      o = 0;
      e = 0;
    }
  }
  if (o > 0 || e > 0) {
    if (groupObserved.length > 0) {
      groupObserved[groupObserved.length - 1]! += o;
      groupExpected[groupExpected.length - 1]! += e;
    } else {
      groupObserved.push(o);
      groupExpected.push(e);
    }
  }
  if (tailExpected >= minExpected || groupObserved.length === 0) {
    groupObserved.push(tailObserved);
    groupExpected.push(tailExpected);
  } else if (tailExpected > 0 || tailObserved > 0) {
    let smallest = 0;
    for (let g = 1; g < groupExpected.length; g++) if (groupExpected[g]! < groupExpected[smallest]!) smallest = g;
    groupObserved[smallest]! += tailObserved;
    groupExpected[smallest]! += tailExpected;
  }

  // Drop groups with no expected mass (they have no observations either, checked above).
  const obs: number[] = [];
  const exp: number[] = [];
  for (let g = 0; g < groupObserved.length; g++) {
    if (groupExpected[g]! > 0) {
      obs.push(groupObserved[g]!);
      exp.push(groupExpected[g]!);
    }
  }
  if (obs.length < 2) {
    return { pass: true, pValue: 1, statistic: 0, cells: obs.length, degreesOfFreedom: 0, n };
  }
  const { statistic, degreesOfFreedom, pValue } = likelihoodRatioTest(obs, exp);
  return { pass: pValue > alpha, pValue, statistic, cells: obs.length, degreesOfFreedom, n };
}
