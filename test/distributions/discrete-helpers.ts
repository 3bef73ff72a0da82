// Helpers for the discrete-family tests: a Pearson chi-square goodness-of-fit test with merged tail bins,
// float64 log-sigmoids, and sample moments.
import * as fc from "fast-check";
import { chiSquareSurvival } from "../../src/testing/stats/special64.js";
import { FC } from "../helpers.js";

/** log σ(ℓ) = −log(1 + e^(−ℓ)) in float64, accurate for every ℓ. */
export const logSigmoid64 = (l: number): number => (l >= 0 ? -Math.log1p(Math.exp(-l)) : l - Math.log1p(Math.exp(l)));

/** Mean and unbiased variance of a sample. */
export function moments(xs: ArrayLike<number>): { mean: number; variance: number } {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i]!;
  m /= xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i]! - m) ** 2;
  return { mean: m, variance: v / (xs.length - 1) };
}

/**
 * Pearson's chi-square test of integer samples against a pmf on {lo, …, hi}: consecutive values are
 * merged into bins until each bin's expected count is ≥ 5 (the leftover joins the last bin), the mass
 * outside [lo, hi] forms its own bin (merged into its neighbour if its expectation is < 5), and
 * X² = Σ (O − E)²/E ≈ χ² with (bins − 1) degrees of freedom. Returns the p-value P(χ² > X²).
 */
export function chiSquareGof(samples: ArrayLike<number>, pmf: (k: number) => number, lo: number, hi: number): {
  pValue: number;
  bins: number;
  statistic: number;
} {
  const n = samples.length;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(samples[i]!, (counts.get(samples[i]!) ?? 0) + 1);
  const bins: Array<{ e: number; o: number }> = [];
  let e = 0;
  let o = 0;
  let inside = 0;
  for (let k = lo; k <= hi; k++) {
    const pk = pmf(k);
    e += n * pk;
    o += counts.get(k) ?? 0;
    inside += pk;
    if (e >= 5) {
      bins.push({ e, o });
      e = 0;
      o = 0;
    }
  }
  if (bins.length === 0) bins.push({ e, o });
  else {
    bins[bins.length - 1]!.e += e;
    bins[bins.length - 1]!.o += o;
  }
  let outsideO = 0;
  for (const [k, c] of counts) if (k < lo || k > hi) outsideO += c;
  const outsideE = n * Math.max(0, 1 - inside);
  if (outsideE >= 5) bins.push({ e: outsideE, o: outsideO });
  else {
    bins[bins.length - 1]!.e += outsideE;
    bins[bins.length - 1]!.o += outsideO;
  }
  const statistic = bins.reduce((a, b) => a + (b.o - b.e) ** 2 / b.e, 0);
  return { pValue: bins.length < 2 ? 1 : chiSquareSurvival(statistic, bins.length - 1), bins: bins.length, statistic };
}

/**
 * `n` cases drawn from `arb` with the suite's fixed fast-check seed: the property tests below evaluate all
 * of them in one batched tensor call (one call per case would spend seconds in per-op overhead on the cpu
 * backend) and then check every case, naming the first that fails.
 */
export function cases<T>(arb: fc.Arbitrary<T>, n: number = FC.numRuns): T[] {
  return fc.sample(arb, { seed: FC.seed, numRuns: n });
}

/** Check `ok(i)` for every case, failing with the case's description. */
export function everyCase<T>(items: T[], check: (c: T, i: number) => string | undefined): void {
  for (let i = 0; i < items.length; i++) {
    const msg = check(items[i]!, i);
    if (msg !== undefined) throw new Error(`case ${i} ${JSON.stringify(items[i])}: ${msg}`);
  }
}

/** "" when |got − ref| ≤ tol, else a message. */
export function within(what: string, got: number, ref: number, tol: number): string | undefined {
  // equal infinities, or a reference beyond the float32 range that the result overflowed to
  if (got === ref || (Math.abs(ref) > 3.4028234663852886e38 && got === Math.sign(ref) * Infinity)) return undefined;
  return Math.abs(got - ref) <= tol ? undefined : `${what}: got ${got}, reference ${ref}, |error| ${Math.abs(got - ref)} > ${tol}`;
}

/** The columns of an [N, c] tensor as float64 arrays (one readback; tf.unstack is slow on the cpu backend). */
export function columns(x: { dataSync(): ArrayLike<number>; shape: number[] }): Float64Array[] {
  const [n, c] = x.shape as [number, number];
  const v = x.dataSync();
  return Array.from({ length: c }, (_, j) => Float64Array.from({ length: n }, (_, i) => v[i * c + j]!));
}
