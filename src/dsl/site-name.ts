/**
 * Site-name validation shared by the primitives.
 *
 * @module
 */

/**
 * Throw a TypeError naming the primitive unless `name` is a non-empty string.
 *
 * @example
 * ```ts
 * checkSiteName("latent", "z"); // ok
 * ```
 */
export function checkSiteName(primitive: string, name: unknown): asserts name is string {
  if (typeof name !== "string" || name.length === 0) {
    throw new TypeError(`${primitive}: the site name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
}
