/**
 * Acceptance bounds for z-statistics at a chosen false-failure rate.
 *
 * @module
 */
import { normalQuantile } from "./special64.js";

/**
 * The z with P(|Z| > z) = alpha (two-sided) or P(Z > z) = alpha (one-sided), Z ~ Normal(0, 1).
 *
 * Two-sided: z = −Φ⁻¹(alpha/2); one-sided: z = −Φ⁻¹(alpha). Computed from the lower tail, so
 * it stays accurate for tiny alpha (e.g. 1e-12).
 *
 * @param alpha - false-failure rate, in (0, 1)
 * @param sides - 2 (default) for a two-sided bound, 1 for a one-sided bound
 * @throws RangeError if alpha is not in (0, 1) or sides is not 1 or 2
 *
 * @example
 * ```ts
 * zForFailureRate(0.05);    // ≈ 1.959963984540054
 * zForFailureRate(1e-6);    // ≈ 4.891638475698358
 * zForFailureRate(1e-6, 1); // ≈ 4.753424308822899
 * ```
 */
export function zForFailureRate(alpha: number, sides: 1 | 2 = 2): number {
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) {
    throw new RangeError(`zForFailureRate: alpha must be a number in (0, 1), got ${String(alpha)}`);
  }
  if (sides !== 1 && sides !== 2) {
    throw new RangeError(`zForFailureRate: sides must be 1 or 2, got ${String(sides)}`);
  }
  return -normalQuantile(sides === 2 ? alpha / 2 : alpha);
}
