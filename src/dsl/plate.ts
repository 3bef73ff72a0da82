/**
 * `plate`: a named batch dimension of conditionally independent sites, with subsampling.
 *
 * @module
 */
import type { Message, PlateMessage } from "../core/messages.js";
import { checkSiteName } from "./site-name.js";

/** Size of a plate: a number, or the full size and this batch's subsample size. */
export type PlateSize =
  | number
  | {
      /** Full number of independent elements (e.g. the dataset size N); a positive integer. */
      readonly size: number;
      /** Number of elements in this batch, 1 ≤ subsampleSize ≤ size; defaults to `size`. */
      readonly subsampleSize?: number;
      /** Batch dimension, a negative integer counted from the right; defaults to the next free one. */
      readonly dim?: number;
    };

function positiveInteger(where: string, what: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new RangeError(`${where}: ${what} must be a positive integer, got ${String(n)}`);
  }
  return n;
}

/**
 * Run `body` inside a plate: sites in it are independent along batch dimension `dim`
 * (−1, the rightmost, for the outermost plate; nested plates take −2, −3 …).
 *
 * With `subsampleSize` < `size`, the body sees a minibatch and every log-density inside is
 * scaled by size / subsampleSize, so the objective is an unbiased estimate of the full-data
 * one.
 *
 * @example
 * ```ts
 * yield* plate("data", { size: N, subsampleSize: x.shape[0] }, function* () {
 *   yield* observe("x", Normal(mu, 1).expand([x.shape[0]]), x);
 * });
 * ```
 */
export function* plate<Y extends Message, R>(
  name: string,
  size: PlateSize,
  body: () => Generator<Y, R, unknown>,
): Generator<Y | PlateMessage, R, unknown> {
  checkSiteName("plate", name);
  const where = `plate '${name}'`;
  const full = positiveInteger(where, "size", typeof size === "number" ? size : size.size);
  const sub = positiveInteger(where, "subsampleSize", typeof size === "number" ? full : (size.subsampleSize ?? full));
  if (sub > full) throw new RangeError(`${where}: subsampleSize ${sub} is larger than size ${full}`);
  const dim = typeof size === "number" ? undefined : size.dim;
  if (dim !== undefined && !(Number.isInteger(dim) && dim < 0)) {
    throw new RangeError(`${where}: dim must be a negative integer (counted from the right), got ${dim}`);
  }
  const enter: PlateMessage = { type: "plate", phase: "enter", name, size: full, subsampleSize: sub, dim };
  yield enter;
  const result = yield* body();
  yield { ...enter, phase: "exit" };
  return result;
}
