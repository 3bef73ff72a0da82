/**
 * Run budgets of the kit: CI-friendly defaults and a `thorough` setting for nightly runs.
 *
 * @module
 */

/** Options shared by every check of the kit. */
export interface CheckOptions {
  /** Total false-failure rate of the check (default 1e-6), split over runs and assertions. */
  readonly alpha?: number;
  /** fast-check runs (parameter draws); default 10, or 50 when thorough. */
  readonly runs?: number;
  /** Monte Carlo samples per run; default per check, ×10 when thorough. */
  readonly samples?: number;
  /** Raise runs and samples for nightly use. `LATENT_THOROUGH=1` in the environment does too. */
  readonly thorough?: boolean;
  /** fast-check seed (default fixed, so CI replays the same cases). */
  readonly seed?: number;
}

/** The resolved budget of one check. */
export interface Budget {
  /** Total false-failure rate. */
  readonly alpha: number;
  /** Parameter draws. */
  readonly runs: number;
  /** Monte Carlo samples per draw. */
  readonly samples: number;
  /** fast-check seed. */
  readonly seed: number;
}

/**
 * Resolve options to a budget: `defaultSamples` is the CI figure for this check.
 *
 * @example
 * ```ts
 * const b = budget({ thorough: true }, 2000); // { alpha: 1e-6, runs: 50, samples: 20000, seed: … }
 * ```
 */
export function budget(options: CheckOptions, defaultSamples: number): Budget {
  const thorough = options.thorough ?? (typeof process !== "undefined" && process.env["LATENT_THOROUGH"] === "1");
  const alpha = options.alpha ?? 1e-6;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`latent/testing: alpha must be in (0, 1), got ${alpha}`);
  const runs = options.runs ?? (thorough ? 50 : 10);
  const samples = options.samples ?? (thorough ? 10 * defaultSamples : defaultSamples);
  for (const [name, v] of [["runs", runs], ["samples", samples]] as const) {
    if (!Number.isInteger(v) || v < (name === "runs" || defaultSamples > 0 ? 1 : 0)) throw new RangeError(`latent/testing: ${name} must be a positive integer, got ${v}`);
  }
  return { alpha, runs, samples, seed: options.seed ?? 20261122 };
}
