/**
 * The importance-weighted bound IWAE_k and the log-weights it is built from.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Message } from "../core/messages.js";
import type { Program } from "../core/run.js";
import { logSumExp } from "../math/logsumexp.js";
import { logWeightOf, type RunContext, traceParticle } from "./trace-elbo.js";

/**
 * The log importance weight of one particle: log w = log p(x, z) − log q(z | x), with every
 * site's log-density scaled as its plates say.
 *
 * @example
 * ```ts
 * const lw = logWeight(m.program, g.program, { x }, ctx); // scalar
 * ```
 */
export function logWeight<A>(
  modelProgram: Program<A, Message, unknown>,
  guideProgram: Program<A, Message, unknown>,
  args: A,
  ctx: RunContext,
): tf.Scalar {
  return tf.tidy(() => logWeightOf(traceParticle(modelProgram, guideProgram, args, ctx)));
}

/**
 * The importance-weighted bound of Burda, Grosse & Salakhutdinov (2016):
 *
 * ```
 * IWAE_k = E[log (1/k) Σᵢ wᵢ],  wᵢ = p(x, zᵢ) / q(zᵢ | x),  zᵢ ~ q
 * ELBO = IWAE_1 ≤ IWAE_k ≤ IWAE_2k ≤ log p(x)
 * ```
 *
 * One draw of the estimator (k particles); its expectation is the bound.
 *
 * @example
 * ```ts
 * const bound = iwaeEstimate(m.program, g.program, { x }, ctx, 16);
 * ```
 */
export function iwaeEstimate<A>(
  modelProgram: Program<A, Message, unknown>,
  guideProgram: Program<A, Message, unknown>,
  args: A,
  ctx: RunContext,
  k: number,
): tf.Scalar {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`iwaeEstimate: k must be a positive integer, got ${k}`);
  return tf.tidy(() => {
    const weights: tf.Tensor[] = [];
    for (let i = 0; i < k; i++) weights.push(logWeight(modelProgram, guideProgram, args, ctx));
    return tf.sub(logSumExp(tf.stack(weights)), Math.log(k)) as tf.Scalar;
  });
}
