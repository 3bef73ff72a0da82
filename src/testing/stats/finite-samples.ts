/**
 * Shared input conversion for the sample-based tests in this folder.
 *
 * @module
 */

/**
 * Copies `samples` into a new Float64Array, throwing a RangeError that names the caller,
 * the index and the value of the first non-finite entry.
 *
 * @param where - the public function's name, used in the message
 * @param samples - any array-like of numbers
 *
 * @example
 * ```ts
 * finiteSamples("meanTest", [1, 2, 3]);   // Float64Array [1, 2, 3]
 * finiteSamples("meanTest", [1, NaN]);    // RangeError: meanTest: samples must be finite numbers, got samples[1] = NaN
 * ```
 */
export function finiteSamples(where: string, samples: ArrayLike<number>): Float64Array {
  if (samples === null || typeof samples !== "object" || typeof samples.length !== "number") {
    throw new RangeError(`${where}: samples must be an array of numbers, got ${String(samples)}`);
  }
  const n = samples.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = samples[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new RangeError(`${where}: samples must be finite numbers, got samples[${i}] = ${String(v)}`);
    }
    out[i] = v;
  }
  return out;
}
