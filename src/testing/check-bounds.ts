/**
 * `checkBounds`: ELBO ≤ IWAE_k ≤ IWAE_k' ≤ log p(x), by one-sided statistical tests.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Message } from "../core/messages.js";
import { ParamStore } from "../core/param-store.js";
import type { Guide, Model } from "../dsl/model.js";
import { logWeight } from "../infer/iwae.js";
import type { RunContext } from "../infer/trace-elbo.js";
import { logSumExp } from "../math/logsumexp.js";
import { RandomStream } from "../math/rng.js";
import { assertFailureRate } from "./stats/assert-failure-rate.js";
import { zForFailureRate } from "./stats/normal-quantile-bound.js";
import { expectProperty } from "./property-failure.js";

/** Options of {@link checkBounds}. */
export interface CheckBoundsOptions<A = unknown> {
  /** The closed-form log p(x), when known. */
  readonly logEvidence?: number;
  /** Particle counts k < k' of the two importance-weighted bounds (default [4, 32]). */
  readonly ks?: readonly [number, number];
  /** Independent draws of each estimator (default 200). */
  readonly draws?: number;
  /** Total false-failure rate (default 1e-6), split over the three one-sided tests. */
  readonly alpha?: number;
  /** Seed of the draws (default 0). */
  readonly seed?: number;
  /** Parameters of the guide (e.g. `svi.params`); a fresh store by default. */
  readonly params?: ParamStore;
  /**
   * The guide is the exact posterior: then every log-weight equals log p(x) (zero variance),
   * which is checked to `tolerance`.
   */
  readonly exact?: boolean;
  /** Float32 rounding allowance on log-weights (default 1e-4·(1 + |log p(x)|)). */
  readonly tolerance?: number;
  /**
   * The log importance weight log p(x, z) − log q(z | x) of one particle (default: latent's
   * `logWeight`); replace it to check your own objective's estimator.
   */
  readonly logWeight?: (model: Model<A, Message, unknown>, guide: Guide<A, Message>, args: A, ctx: RunContext) => tf.Scalar;
}

/** A Monte Carlo mean and its standard error. */
export interface MeanAndError {
  /** The sample mean of the draws. */
  readonly mean: number;
  /** Its standard error, √(sample variance / draws). */
  readonly se: number;
}

/** The estimates `checkBounds` compared. */
export interface BoundsReport {
  /** Mean and standard error of the single-particle ELBO estimate. */
  readonly elbo: MeanAndError;
  /** Mean and standard error of IWAE_k. */
  readonly iwaeK: MeanAndError;
  /** Mean and standard error of IWAE_k'. */
  readonly iwaeK2: MeanAndError;
}

function stats(xs: number[]): MeanAndError {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(v / n) };
}

/**
 * Check the chain of bounds ELBO = IWAE_1 ≤ IWAE_k ≤ IWAE_k' ≤ log p(x) for a model, a guide
 * and data. Each inequality holds in expectation; a one-sided test fails only when the
 * estimated gap exceeds z·SE with z for rate alpha/3, so a correct model fails with
 * probability ≤ alpha. With `exact: true`, every log-weight must equal log p(x).
 *
 * @example
 * ```ts
 * checkBounds(conjugate, guideAtPosterior, { x, mu0: 0, s0: 1, s: 1 }, { logEvidence: -3.2, exact: true });
 * ```
 */
export function checkBounds<A extends object, MY extends Message, GY extends Message>(
  model: Model<A, MY, unknown>,
  guide: Guide<A, GY>,
  args: A,
  options: CheckBoundsOptions<A> = {},
): BoundsReport {
  const alpha = options.alpha ?? 1e-6;
  assertFailureRate("checkBounds", alpha);
  const [k, k2] = options.ks ?? [4, 32];
  if (!(Number.isInteger(k) && Number.isInteger(k2) && 1 < k && k < k2)) {
    throw new RangeError(`checkBounds: ks must be integers with 1 < k < k', got [${k}, ${k2}]`);
  }
  const n = options.draws ?? 200;
  if (!Number.isInteger(n) || n < 30) throw new RangeError(`checkBounds: draws must be an integer ≥ 30 for the CLT, got ${n}`);
  const ctx = { store: options.params ?? new ParamStore(), rng: new RandomStream(options.seed ?? 0) };
  const weight =
    options.logWeight ?? ((m: Model<A, Message, unknown>, g: Guide<A, Message>, a: A, c: RunContext) => logWeight(m.program, g.program, a, c));
  // IWAE_k = log (1/k) Σ wᵢ; k = 1 is the ELBO estimate.
  const draw = (particles: number) =>
    Array.from({ length: n }, () =>
      tf.tidy(() => {
        const w = Array.from({ length: particles }, () => weight(model as never, guide as never, args, ctx));
        return tf.sub(logSumExp(tf.stack(w)), Math.log(particles)).dataSync()[0]!;
      }),
    );
  const e1 = draw(1);
  const ek = draw(k);
  const ek2 = draw(k2);
  const report = { elbo: stats(e1), iwaeK: stats(ek), iwaeK2: stats(ek2) };
  const z = zForFailureRate(alpha / 3, 1);
  const lpx = options.logEvidence;
  const tol = options.tolerance ?? 1e-4 * (1 + Math.abs(lpx ?? report.iwaeK2.mean));
  const check = "checkBounds";
  const gap = (a: MeanAndError, b: MeanAndError) => ({
    statistic: a.mean - b.mean,
    bound: z * Math.sqrt(a.se ** 2 + b.se ** 2) + tol,
  });
  const g1 = gap(report.elbo, report.iwaeK);
  expectProperty(g1.statistic <= g1.bound, `ELBO exceeds IWAE_${k}`, { check, ...g1, seed: options.seed ?? 0 });
  const g2 = gap(report.iwaeK, report.iwaeK2);
  expectProperty(g2.statistic <= g2.bound, `IWAE_${k} exceeds IWAE_${k2}`, { check, ...g2, seed: options.seed ?? 0 });
  if (lpx !== undefined) {
    const statistic = report.iwaeK2.mean - lpx;
    const bound = z * report.iwaeK2.se + tol;
    expectProperty(statistic <= bound, `IWAE_${k2} exceeds log p(x) = ${lpx}`, { check, statistic, bound, seed: options.seed ?? 0 });
    if (options.exact) {
      const worst = e1.reduce((m, v) => Math.max(m, Math.abs(v - lpx)), 0);
      expectProperty(worst <= tol, "the guide is declared exact, but a log-weight differs from log p(x)", {
        check,
        statistic: worst,
        bound: tol,
        seed: options.seed ?? 0,
      });
    }
  }
  return report;
}
