/**
 * Error classes thrown by `latent`.
 *
 * Every message says where (the function, distribution or site), what was expected and what
 * was received, e.g. `Normal: 'scale' must be positive, got -0.5 at [2]`.
 *
 * @module
 */

/**
 * Base class of every error `latent` throws on purpose.
 *
 * Catch this to tell a modelling mistake from a bug in tfjs or in your own code.
 *
 * @example
 * ```ts
 * try { Normal(0, -1); } catch (e) { if (e instanceof LatentError) console.log(e.where); }
 * ```
 */
export class LatentError extends Error {
  /** The function, distribution or site the error is about, e.g. `"Normal"` or `"site 'z'"`. */
  readonly where: string;
  /**
   * @param where - the function, distribution or site at fault
   * @param message - what was expected and what was received
   */
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = new.target.name;
    this.where = where;
  }
}

/**
 * A parameter or observed value outside its constraint (a negative scale, a Bernoulli
 * observing 2).
 *
 * @example
 * ```ts
 * expect(() => Normal(0, -0.5)).toThrow(ValidationError);
 * ```
 */
export class ValidationError extends LatentError {}

/**
 * Shapes that do not fit: observed data against its distribution, a guide's value against the
 * model's site, parameters that do not broadcast.
 *
 * @example
 * ```ts
 * // observe 'x': value has shape [128,783], expected [128,784]
 * ```
 */
export class ShapeError extends LatentError {}

/**
 * A model and guide that do not fit together at run time: a guide missing a latent, a guide
 * sampling an observed site, duplicate site names.
 *
 * @example
 * ```ts
 * // compile: guide has no site 'z', which the model declares latent
 * ```
 */
export class ModelStructureError extends LatentError {}

/**
 * `kl(p, q)` was asked for a pair of distributions with no registered rule.
 *
 * @example
 * ```ts
 * // kl: no rule for (Bernoulli, Normal); register one with registerKL(...) or estimate by Monte Carlo
 * ```
 */
export class KLNotFoundError extends LatentError {}

/**
 * A loss, log-density or gradient that is NaN or infinite.
 *
 * @example
 * ```ts
 * // step 12: loss is NaN; first bad site 'x' (logProb range [-Infinity, -0.3])
 * ```
 */
export class NonFiniteError extends LatentError {}

/**
 * An option that is unknown or out of range (a negative learning rate, zero particles).
 *
 * @example
 * ```ts
 * expect(() => elbo({ particles: 0 })).toThrow(OptionsError);
 * ```
 */
export class OptionsError extends LatentError {}
