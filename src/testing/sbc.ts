/**
 * Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman 2018).
 *
 * @module
 */
import { discreteGofTest } from "./stats/discrete-gof-test.js";
import { assertFailureRate } from "./stats/assert-failure-rate.js";
import { expectProperty } from "./property-failure.js";

/** One simulated dataset: the true latent values and the arguments carrying the data. */
export interface Simulation<A> {
  /** The latent values drawn from the prior, flattened, by site name. */
  readonly truth: Record<string, ArrayLike<number>>;
  /** The model's arguments holding the simulated observations. */
  readonly args: A;
}

/** Options of {@link simulationBasedCalibration}. */
export interface SbcOptions<A> {
  /** Draw θ* ~ p(θ) and x ~ p(x | θ*) with this seed. */
  simulate(seed: number): Simulation<A>;
  /** `draws` posterior draws per site for these arguments (e.g. from an amortized guide). */
  posterior(args: A, draws: number, seed: number): Record<string, ArrayLike<number>[]>;
  /** Number of simulated datasets (default 200). */
  readonly simulations?: number;
  /** Posterior draws per dataset, L; ranks take values 0…L (default 19). */
  readonly draws?: number;
  /** False-failure rate (default 1e-6), split over the latent coordinates. */
  readonly alpha?: number;
  /** First seed (default 0). */
  readonly seed?: number;
}

/** The ranks SBC computed, per site and coordinate. */
export type SbcRanks = Record<string, number[][]>;

/**
 * Simulation-based calibration: for each simulated dataset, the rank of the true value among
 * L posterior draws is uniform on {0, …, L} when the posterior approximation is exact. Runs a
 * χ²-type uniformity test per latent coordinate (Bonferroni over coordinates) and returns the
 * ranks.
 *
 * @example
 * ```ts
 * simulationBasedCalibration({
 *   simulate: (seed) => ({ truth: { z: [z] }, args: { x } }),
 *   posterior: (args, L, seed) => ({ z: drawsFromGuide(args, L, seed) }),
 * });
 * ```
 */
export function simulationBasedCalibration<A>(options: SbcOptions<A>): SbcRanks {
  const alpha = options.alpha ?? 1e-6;
  assertFailureRate("simulationBasedCalibration", alpha);
  const sims = options.simulations ?? 200;
  const L = options.draws ?? 19;
  if (!Number.isInteger(L) || L < 1) throw new RangeError(`simulationBasedCalibration: draws must be a positive integer, got ${L}`);
  if (!Number.isInteger(sims) || sims < 5 * (L + 1)) {
    throw new RangeError(
      `simulationBasedCalibration: needs at least 5·(draws + 1) = ${5 * (L + 1)} simulations for ${L + 1} rank bins, got ${sims}`,
    );
  }
  const ranks: SbcRanks = {};
  const seed0 = options.seed ?? 0;
  for (let s = 0; s < sims; s++) {
    const { truth, args } = options.simulate(seed0 + 2 * s);
    const post = options.posterior(args, L, seed0 + 2 * s + 1);
    for (const [site, value] of Object.entries(truth)) {
      const draws = post[site];
      if (draws === undefined || draws.length !== L) {
        throw new RangeError(`simulationBasedCalibration: posterior must return ${L} draws of site '${site}', got ${draws?.length ?? 0}`);
      }
      const perCoord = (ranks[site] ??= Array.from({ length: value.length }, () => []));
      for (let c = 0; c < value.length; c++) {
        let rank = 0;
        for (const d of draws) if (d[c]! < value[c]!) rank++;
        perCoord[c]!.push(rank);
      }
    }
  }
  const coords = Object.values(ranks).reduce((n, r) => n + r.length, 0);
  for (const [site, perCoord] of Object.entries(ranks)) {
    perCoord.forEach((r, c) => {
      const t = discreteGofTest(r, () => 1 / (L + 1), { alpha: alpha / coords, support: Array.from({ length: L + 1 }, (_, i) => i) });
      expectProperty(t.pass, `ranks of the true '${site}' among posterior draws are not uniform`, {
        check: "simulationBasedCalibration",
        statistic: t.pValue,
        bound: alpha / coords,
        note: `coordinate ${c}, ${sims} simulations, ${L} draws each`,
      });
    });
  }
  return ranks;
}
