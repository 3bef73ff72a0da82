/**
 * Shared argument check for the false-failure rate `alpha` of the tests in this folder.
 *
 * @module
 */

/**
 * Throws a RangeError unless `alpha` is a probability strictly between 0 and 1.
 *
 * @param where - the public function's name, used in the message
 * @param alpha - the false-failure rate to check
 *
 * @example
 * ```ts
 * assertFailureRate("meanTest", 1e-6); // ok
 * assertFailureRate("meanTest", 0);    // RangeError: meanTest: alpha must be in (0, 1), got 0
 * ```
 */
export function assertFailureRate(where: string, alpha: unknown): asserts alpha is number {
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) {
    throw new RangeError(`${where}: alpha (the false-failure rate) must be a number in (0, 1), got ${String(alpha)}`);
  }
}
