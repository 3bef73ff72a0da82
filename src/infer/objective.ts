/**
 * Objectives: how a compiled model turns a model/guide pair into a loss.
 *
 * @module
 */
import { OptionsError } from "../errors.js";

/** A number, or a function of the step count (1, 2, …) giving one: for schedules. */
export type Schedule = number | ((step: number) => number);

/** Options of {@link elbo}. */
export interface ElboOptions {
  /** Monte Carlo particles per step (default 1); the estimate is their mean. */
  readonly particles?: number;
  /**
   * Use the closed-form KL(q ‖ p) for latent sites where a rule exists (default `true`,
   * Pyro's TraceMeanField_ELBO); `false` always uses log p(z) − log q(z) at the sample.
   */
  readonly analyticKL?: boolean;
  /**
   * "Sticking the landing" (Roeder, Wu & Duvenaud 2017): drop the score term of
   * ∇ log q(z) (its expectation is zero) from Monte Carlo latent terms, so the gradient is
   * exactly zero when q is the posterior. Default false.
   */
  readonly stickTheLanding?: boolean;
  /**
   * β, the weight of the latent terms (KL annealing, β-VAE): ELBO_β = E[log p(x|z)] − β·KL.
   * A number or a schedule of the step count; default 1.
   */
  readonly klWeight?: Schedule;
  /** Decay of the moving-average baseline of score-function sites (default 0.9). */
  readonly baselineDecay?: number;
}

/**
 * The evidence lower bound, configured.
 *
 * @example
 * ```ts
 * const objective: ElboObjective = elbo({ particles: 4 });
 * ```
 */
export interface ElboObjective {
  /** The evidence lower bound. */
  readonly kind: "elbo";
  /** Monte Carlo particles per estimate, a positive integer; the estimate is their mean. */
  readonly particles: number;
  /** Whether latent sites use the closed-form KL(q ‖ p) when a rule exists. */
  readonly analyticKL: boolean;
  /** Whether Monte Carlo latent terms use the path-derivative (STL) gradient. */
  readonly stickTheLanding: boolean;
  /** β: the weight of the latent terms, or its schedule. */
  readonly klWeight: Schedule;
  /** Decay of the score-function baselines. */
  readonly baselineDecay: number;
}

/**
 * The importance-weighted bound IWAE_k, configured.
 *
 * @example
 * ```ts
 * const objective: IwaeObjective = iwae({ particles: 8 });
 * ```
 */
export interface IwaeObjective {
  /** The importance-weighted bound. */
  readonly kind: "iwae";
  /** k, the number of importance samples in one estimate. */
  readonly particles: number;
}

/**
 * The Rényi-α bound, configured.
 *
 * @example
 * ```ts
 * const objective: RenyiObjective = renyi({ alpha: 0.5, particles: 8 });
 * ```
 */
export interface RenyiObjective {
  /** The Rényi bound of Li & Turner (2016). */
  readonly kind: "renyi";
  /** α ≥ 0, α ≠ 1: 0 gives IWAE; α → 1 approaches the ELBO. */
  readonly alpha: number;
  /** k, the number of importance samples in one estimate. */
  readonly particles: number;
}

/** Any objective `compile` accepts. */
export type Objective = ElboObjective | IwaeObjective | RenyiObjective;

function checkKeys(where: string, options: object, keys: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!keys.includes(key)) throw new OptionsError(where, `unknown option '${key}'; expected one of ${keys.join(", ")}`);
  }
}

function particlesOf(where: string, particles: unknown): number {
  if (typeof particles !== "number" || !Number.isInteger(particles) || particles < 1) {
    throw new OptionsError(where, `'particles' must be a positive integer, got ${String(particles)}`);
  }
  return particles;
}

/**
 * The evidence lower bound
 *
 * ```
 * ELBO = E_q(z|x)[log p(x, z) − log q(z|x)] = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z)) ≤ log p(x)
 * ```
 *
 * estimated with reparameterized samples z = μ + σ ⊙ ε. Per latent site, the KL term is
 * computed in closed form when a rule exists (and `analyticKL` is on), else by Monte Carlo;
 * latents whose guide has no reparameterized sampler get a score-function (REINFORCE)
 * gradient with a moving-average baseline, using only the terms downstream of the site.
 *
 * @example
 * ```ts
 * compile(vae, q, { objective: elbo({ particles: 1 }), optimizer: adam(1e-3) });
 * compile(vae, q, { objective: elbo({ klWeight: (step) => Math.min(1, step / 1000) }) });
 * ```
 */
export function elbo(options: ElboOptions = {}): ElboObjective {
  checkKeys("elbo", options, ["particles", "analyticKL", "stickTheLanding", "klWeight", "baselineDecay"]);
  const particles = particlesOf("elbo", options.particles ?? 1);
  const klWeight = options.klWeight ?? 1;
  if (typeof klWeight === "number" && !(klWeight >= 0 && Number.isFinite(klWeight))) {
    throw new OptionsError("elbo", `'klWeight' must be a finite number ≥ 0 or a function of the step, got ${klWeight}`);
  }
  const baselineDecay = options.baselineDecay ?? 0.9;
  if (!(baselineDecay >= 0 && baselineDecay < 1)) {
    throw new OptionsError("elbo", `'baselineDecay' must be in [0, 1), got ${baselineDecay}`);
  }
  return {
    kind: "elbo",
    particles,
    analyticKL: options.analyticKL ?? true,
    stickTheLanding: options.stickTheLanding ?? false,
    klWeight,
    baselineDecay,
  };
}

/**
 * The importance-weighted bound of Burda, Grosse & Salakhutdinov (2016), as a training
 * objective:
 *
 * ```
 * IWAE_k = E[log (1/k) Σᵢ p(x, zᵢ)/q(zᵢ|x)],  zᵢ ~ q;   ELBO ≤ IWAE_k ≤ IWAE_2k ≤ log p(x)
 * ```
 *
 * Needs reparameterizable guide sites.
 *
 * @example
 * ```ts
 * compile(vae, q, { objective: iwae({ particles: 8 }) });
 * ```
 */
export function iwae(options: { particles?: number } = {}): IwaeObjective {
  checkKeys("iwae", options, ["particles"]);
  return { kind: "iwae", particles: particlesOf("iwae", options.particles ?? 8) };
}

/**
 * The Rényi-α bound of Li & Turner (2016):
 *
 * ```
 * L_α = 1/(1 − α) · E[log (1/k) Σᵢ wᵢ^(1−α)],  wᵢ = p(x, zᵢ)/q(zᵢ|x)
 * ```
 *
 * α = 0 is IWAE_k; α → 1 approaches the ELBO (α = 1 itself is refused: use `elbo()`).
 *
 * @example
 * ```ts
 * compile(m, g, { objective: renyi({ alpha: 0.5, particles: 8 }) });
 * ```
 */
export function renyi(options: { alpha?: number; particles?: number } = {}): RenyiObjective {
  checkKeys("renyi", options, ["alpha", "particles"]);
  const alpha = options.alpha ?? 0.5;
  if (!(alpha >= 0 && Number.isFinite(alpha)) || alpha === 1) {
    throw new OptionsError("renyi", `'alpha' must be a finite number ≥ 0 other than 1 (use elbo() for α = 1), got ${alpha}`);
  }
  return { kind: "renyi", alpha, particles: particlesOf("renyi", options.particles ?? 8) };
}

/**
 * β at a step, for a number or a schedule.
 *
 * @example
 * ```ts
 * scheduleAt((s) => s / 10, 5); // 0.5
 * ```
 */
export function scheduleAt(schedule: Schedule, step: number): number {
  const v = typeof schedule === "number" ? schedule : schedule(step);
  if (!(v >= 0 && Number.isFinite(v))) throw new OptionsError("elbo", `klWeight(${step}) must be a finite number ≥ 0, got ${v}`);
  return v;
}
