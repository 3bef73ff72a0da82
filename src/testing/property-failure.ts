/**
 * The error a property of the kit throws: it shows the parameters, the statistic, the bound,
 * the seed and the check, so a failure explains itself.
 *
 * @module
 */

/** What a failing check knows about itself. */
export interface FailureDetails {
  /** The check, e.g. `"checkDistribution(Gamma).goodnessOfFit"`. */
  readonly check: string;
  /** The parameters of the distribution (or model) under test. */
  readonly params?: unknown;
  /** The statistic computed, e.g. a p-value or a mean. */
  readonly statistic?: number;
  /** The bound it had to meet. */
  readonly bound?: number;
  /** The seed of the random draws, to replay the failure. */
  readonly seed?: number;
  /** Anything else worth knowing (sample size, batch index …). */
  readonly note?: string;
}

/**
 * A failed property of `latent/testing`. Its message lists every detail on its own line.
 *
 * @example
 * ```ts
 * throw new PropertyFailure("mean differs from the sample mean", { check: "moments", statistic: 3.1, bound: 2.2, seed: 7 });
 * ```
 */
export class PropertyFailure extends Error {
  /** The details shown in the message. */
  readonly details: FailureDetails;

  /**
   * @param what - one sentence: what went wrong
   * @param details - the check, parameters, statistic, bound and seed
   */
  constructor(what: string, details: FailureDetails) {
    const lines = [`${details.check}: ${what}`];
    if (details.params !== undefined) lines.push(`  params:    ${JSON.stringify(details.params)}`);
    if (details.statistic !== undefined) lines.push(`  statistic: ${details.statistic}`);
    if (details.bound !== undefined) lines.push(`  bound:     ${details.bound}`);
    if (details.seed !== undefined) lines.push(`  seed:      ${details.seed}`);
    if (details.note !== undefined) lines.push(`  note:      ${details.note}`);
    super(lines.join("\n"));
    this.name = "PropertyFailure";
    this.details = details;
  }
}

/**
 * Throw a {@link PropertyFailure} unless `ok`.
 *
 * @example
 * ```ts
 * expectProperty(Math.abs(m - mu) <= bound, "sample mean too far from mean", { check: "moments", statistic: m, bound });
 * ```
 */
export function expectProperty(ok: boolean, what: string, details: FailureDetails): asserts ok {
  if (!ok) throw new PropertyFailure(what, details);
}
