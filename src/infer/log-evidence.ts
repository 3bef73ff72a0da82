/**
 * Importance-sampled estimates of the evidence log p(x), with the guide as proposal.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Message } from "../core/messages.js";
import type { Program } from "../core/run.js";
import { paretoK } from "./psis.js";
import { logWeightOf, type RunContext, traceParticle } from "./trace-elbo.js";

/** An importance-sampling estimate of log p(x). */
export interface LogEvidence {
  /** log (1/S) Σ wᵢ, a consistent (and, in expectation, lower-bounding) estimate of log p(x). */
  readonly logEvidence: number;
  /** Standard error of the estimate (delta method: sd(w) / (√S · mean(w))). */
  readonly standardError: number;
  /** Effective sample size (Σ w)² / Σ w² of the S draws. */
  readonly effectiveSampleSize: number;
  /** Pareto k̂ of the weights: < 0.5 reliable, > 0.7 unreliable. */
  readonly paretoK: number;
  /** S, the number of draws. */
  readonly particles: number;
}

/**
 * Summarize log importance weights: the estimate, its standard error, the effective sample
 * size and Pareto k̂ (all in float64, from the log-weights).
 *
 * @example
 * ```ts
 * summarizeLogWeights([-3.1, -2.9, -3.4, …]);
 * ```
 */
export function summarizeLogWeights(logWeights: ArrayLike<number>): LogEvidence {
  const s = logWeights.length;
  let max = -Infinity;
  for (let i = 0; i < s; i++) max = Math.max(max, logWeights[i]!);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < s; i++) {
    const w = Math.exp(logWeights[i]! - max);
    sum += w;
    sumSq += w * w;
  }
  const mean = sum / s;
  const variance = (sumSq - s * mean * mean) / Math.max(1, s - 1);
  return {
    logEvidence: max + Math.log(mean),
    standardError: Math.sqrt(Math.max(0, variance) / s) / mean,
    effectiveSampleSize: (sum * sum) / sumSq,
    paretoK: s >= 25 ? paretoK(logWeights) : NaN,
    particles: s,
  };
}

/**
 * Estimate log p(x) by importance sampling with the guide as proposal: S draws of
 * log w = log p(x, z) − log q(z | x), summarized by {@link summarizeLogWeights}.
 *
 * @example
 * ```ts
 * estimateLogEvidence(m.program, g.program, { x }, ctx, 1000).logEvidence;
 * ```
 */
export function estimateLogEvidence<A>(
  modelProgram: Program<A, Message, unknown>,
  guideProgram: Program<A, Message, unknown>,
  args: A,
  ctx: RunContext,
  particles: number,
): LogEvidence {
  if (!Number.isInteger(particles) || particles < 2) {
    throw new RangeError(`logEvidence: particles must be an integer ≥ 2, got ${particles}`);
  }
  const lw = new Float64Array(particles);
  for (let i = 0; i < particles; i++) {
    lw[i] = tf.tidy(() => logWeightOf(traceParticle(modelProgram, guideProgram, args, ctx)).dataSync()[0]!);
  }
  return summarizeLogWeights(lw);
}
