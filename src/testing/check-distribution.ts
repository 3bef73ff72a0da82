/**
 * `checkDistribution`: the whole conformance suite for a distribution family.
 *
 * @module
 */
import * as fc from "fast-check";
import * as tf from "@tensorflow/tfjs-core";
import { tidyObject } from "../math/tidy.js";
import type { Distribution } from "../distributions/distribution.js";
import { seedArb, showParams, toTensors, type ParamValue } from "./arbitraries.js";
import { runProperty } from "./run-property.js";
import { budget, type CheckOptions } from "./budget.js";
import type { DistributionFamily } from "./family.js";
import { expectProperty } from "./property-failure.js";
import { checkEntropyOf } from "./checks/entropy.js";
import { checkGoodnessOfFitOf } from "./checks/goodness-of-fit.js";
import { checkMomentsOf } from "./checks/moments.js";
import { checkReproducibleOf } from "./checks/reproducible.js";
import { checkRsampleGradientsOf } from "./checks/rsample-gradients.js";
import { checkShapesOf } from "./checks/shapes.js";
import { checkSupportOf } from "./checks/support.js";

/** The checks `checkDistribution` can run. */
export type DistributionCheck =
  | "shapes"
  | "support"
  | "reproducible"
  | "moments"
  | "entropy"
  | "goodnessOfFit"
  | "rsampleGradients"
  | "noLeaks";

/** Every check, in the order they run. */
export const DISTRIBUTION_CHECKS: readonly DistributionCheck[] = [
  "shapes",
  "support",
  "reproducible",
  "noLeaks",
  "moments",
  "entropy",
  "goodnessOfFit",
  "rsampleGradients",
];

/** Options of {@link checkDistribution}. */
export interface CheckDistributionOptions extends CheckOptions {
  /** Which checks to run (default: all that apply to the family). */
  readonly checks?: readonly DistributionCheck[];
}

/** One check that ran. */
export interface CheckRun {
  /** The check. */
  readonly check: DistributionCheck;
  /** Parameter draws (fast-check runs). */
  readonly runs: number;
  /** Monte Carlo samples per draw (0 for exact checks). */
  readonly samples: number;
}

/** One check that did not apply. */
export interface CheckSkip {
  /** The check. */
  readonly check: DistributionCheck;
  /** Why it did not apply. */
  readonly reason: string;
}

/** What `checkDistribution` ran. */
export interface CheckReport {
  /** The family checked. */
  readonly family: string;
  /** Each check that ran, with its parameter draws and samples per draw. */
  readonly ran: CheckRun[];
  /** Checks that did not apply (with the reason). */
  readonly skipped: CheckSkip[];
}

function isParamRecord(p: unknown): p is Record<string, ParamValue> {
  return (
    p !== null &&
    typeof p === "object" &&
    Object.values(p as object).every((v) => v !== null && typeof v === "object" && "values" in v && "shape" in v)
  );
}

/**
 * Run the conformance suite on a family: shapes, support, reproducibility, no tensor leaks,
 * sample moments vs mean/variance, entropy vs −E[log p], goodness of fit of `sample` against
 * `logProb`, and pathwise gradients of `rsample`. Statistical checks split `alpha` (default
 * 1e-6) over runs, coordinates and assertions (Bonferroni); every random draw is seeded from
 * the fast-check value, so a failure replays and shrinks. Throws a {@link PropertyFailure}
 * (inside fast-check's report) on the first failing property.
 *
 * @example
 * ```ts
 * test("my distribution conforms", () => {
 *   checkDistribution(familyFromConstraints("Normal", { loc: real, scale: positive },
 *     ({ loc, scale }) => Normal(loc, scale)));
 * });
 * ```
 */
export function checkDistribution<P>(family: DistributionFamily<P>, options: CheckDistributionOptions = {}): CheckReport {
  const wanted = new Set(options.checks ?? DISTRIBUTION_CHECKS);
  const report: CheckReport = { family: family.name, ran: [], skipped: [] };
  const finiteMean = family.finiteMean ?? true;
  const finiteVariance = family.finiteVariance ?? true;
  const finiteFourth = family.finiteFourthMoment ?? finiteVariance;
  const discrete = family.discrete ?? false;

  const run = (check: DistributionCheck, samples: number, body: (d: Distribution, p: P, seed: number, b: { alpha: number; samples: number }) => void) => {
    if (!wanted.has(check)) return;
    const b = budget(options, samples);
    const perRun = b.alpha / b.runs;
    runProperty(
      fc.property(family.params, seedArb(), (p, seed) => {
        tidyObject(() => body(family.create(p), p, seed, { alpha: perRun, samples: b.samples }));
      }),
      { seed: b.seed, numRuns: b.runs },
    );
    report.ran.push({ check, runs: b.runs, samples: b.samples });
  };
  const ctx = (check: DistributionCheck, p: P, seed: number) => ({ check: `checkDistribution(${family.name}).${check}`, params: showParams(p), seed });
  const hasEntropy = (d: Distribution): boolean => {
    if (family.hasEntropy !== undefined) return family.hasEntropy;
    try {
      tidyObject(() => d.entropy());
      return true;
    } catch {
      return false;
    }
  };

  run("shapes", 0, (d, p, seed) => checkShapesOf(d, ctx("shapes", p, seed), hasEntropy(d)));
  run("support", 500, (d, p, seed, b) => checkSupportOf(d, b.samples, ctx("support", p, seed)));
  run("reproducible", 0, (d, p, seed) => checkReproducibleOf(d, discrete, ctx("reproducible", p, seed)));
  if (wanted.has("noLeaks")) {
    run("noLeaks", 0, () => undefined);
    runProperty(
      fc.property(family.params, seedArb(), (p, seed) => {
        const before = tf.memory().numTensors;
        tidyObject(() => {
          const d = family.create(p);
          d.logProb(d.sample([3], seed));
          if (finiteMean) void d.mean;
          if (finiteVariance) void d.variance;
        });
        const after = tf.memory().numTensors;
        expectProperty(after === before, `${after - before} tensors leaked by create/sample/logProb/mean/variance`, ctx("noLeaks", p, seed));
      }),
      { seed: budget(options, 0).seed, numRuns: budget(options, 0).runs },
    );
  }
  if (finiteMean || finiteFourth) {
    run("moments", 4000, (d, p, seed, b) =>
      checkMomentsOf(d, b.samples, b.alpha, { mean: finiteMean, variance: finiteFourth }, ctx("moments", p, seed)),
    );
  } else report.skipped.push({ check: "moments", reason: "the family declares no finite mean or fourth moment" });
  run("entropy", 4000, (d, p, seed, b) => {
    if (hasEntropy(d)) checkEntropyOf(d, b.samples, b.alpha, ctx("entropy", p, seed));
  });
  let gofApplied = true;
  run("goodnessOfFit", 2000, (d, p, seed, b) => {
    gofApplied = checkGoodnessOfFitOf(d, b.samples, discrete, b.alpha, ctx("goodnessOfFit", p, seed)) && gofApplied;
  });
  if (!gofApplied) report.skipped.push({ check: "goodnessOfFit", reason: "multivariate events are checked through moments and entropy" });
  const fromTensors = (family as { fromTensors?: (t: Record<string, tf.Tensor>) => Distribution }).fromTensors;
  run("rsampleGradients", 0, (d, p, seed) => {
    if (!d.hasRsample || fromTensors === undefined || !isParamRecord(p)) return;
    checkRsampleGradientsOf(fromTensors, toTensors(p), ctx("rsampleGradients", p, seed));
  });
  return report;
}
