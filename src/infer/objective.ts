/**
 * Objectives: how a compiled model turns a model/guide pair into a loss.
 *
 * @module
 */
import { OptionsError } from "../errors.js";

/** Options of {@link elbo}. */
export interface ElboOptions {
  /** Monte Carlo particles per step (default 1); the estimate is their mean. */
  readonly particles?: number;
  /**
   * Use the closed-form KL(q ‖ p) for latent sites where a rule exists (default `true`,
   * Pyro's TraceMeanField_ELBO); `false` always uses log p(z) − log q(z) at the sample.
   */
  readonly analyticKL?: boolean;
}

/**
 * A configured objective. Only the evidence lower bound exists so far.
 *
 * @example
 * ```ts
 * const objective: Objective = elbo({ particles: 4 });
 * ```
 */
export interface Objective {
  /** Which objective: only `"elbo"` (the evidence lower bound) exists so far. */
  readonly kind: "elbo";
  /** Monte Carlo particles per estimate, a positive integer; the estimate is their mean. */
  readonly particles: number;
  /** Whether latent sites use the closed-form KL(q ‖ p) when a rule exists. */
  readonly analyticKL: boolean;
}

const ELBO_KEYS = new Set(["particles", "analyticKL"]);

/**
 * The evidence lower bound
 *
 * ```
 * ELBO = E_q(z|x)[log p(x, z) − log q(z|x)] = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z)) ≤ log p(x)
 * ```
 *
 * estimated with reparameterized samples z = μ + σ ⊙ ε. Per latent site, the KL term is
 * computed in closed form when a rule exists (and `analyticKL` is on), else by Monte Carlo.
 *
 * @example
 * ```ts
 * compile(vae, q, { objective: elbo({ particles: 1 }), optimizer: adam(1e-3) });
 * ```
 */
export function elbo(options: ElboOptions = {}): Objective {
  for (const key of Object.keys(options)) {
    if (!ELBO_KEYS.has(key)) {
      throw new OptionsError("elbo", `unknown option '${key}'; expected one of ${[...ELBO_KEYS].join(", ")}`);
    }
  }
  const particles = options.particles ?? 1;
  if (!Number.isInteger(particles) || particles < 1) {
    throw new OptionsError("elbo", `'particles' must be a positive integer, got ${particles}`);
  }
  return { kind: "elbo", particles, analyticKL: options.analyticKL ?? true };
}
