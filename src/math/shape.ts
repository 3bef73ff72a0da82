/**
 * Shape helpers: broadcasting by NumPy rules and readable shape text for error messages.
 *
 * @module
 */
import { ShapeError } from "../errors.js";

/**
 * Format a shape the way error messages show it: `[128,784]`.
 *
 * @example
 * ```ts
 * formatShape([128, 784]); // "[128,784]"
 * ```
 */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/**
 * The broadcast of several shapes by NumPy rules, or `undefined` when they do not broadcast.
 *
 * Dimensions are aligned on the right; each pair must be equal or contain a 1.
 *
 * @example
 * ```ts
 * tryBroadcastShapes([3, 1], [4]); // [3, 4]
 * tryBroadcastShapes([3], [4]);    // undefined
 * ```
 */
export function tryBroadcastShapes(...shapes: ReadonlyArray<readonly number[]>): number[] | undefined {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const k = rank - s.length + i;
      const d = s[i]!;
      const o = out[k]!;
      if (o === 1) out[k] = d;
      else if (d !== 1 && d !== o) return undefined;
    }
  }
  return out;
}

/**
 * The broadcast of several shapes, throwing an error that names `where` when they do not fit.
 *
 * @example
 * ```ts
 * broadcastShapes("Normal", [3, 1], [4]); // [3, 4]
 * ```
 */
export function broadcastShapes(where: string, ...shapes: ReadonlyArray<readonly number[]>): number[] {
  const out = tryBroadcastShapes(...shapes);
  if (out === undefined) {
    throw new ShapeError(where, `shapes ${shapes.map(formatShape).join(", ")} do not broadcast`);
  }
  return out;
}

/**
 * Whether two shapes are identical.
 *
 * @example
 * ```ts
 * shapesEqual([2, 3], [2, 3]); // true
 * ```
 */
export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * The number of elements of a shape (1 for a scalar).
 *
 * @example
 * ```ts
 * sizeOf([2, 3]); // 6
 * ```
 */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Check that `from` broadcasts to exactly `to` (the rule of `expand`) and return `to`.
 *
 * @example
 * ```ts
 * expandShape("Normal.expand", [1, 3], [5, 4, 3]); // [5, 4, 3]
 * expandShape("Normal.expand", [4], [3]);          // throws ShapeError
 * ```
 */
export function expandShape(where: string, from: readonly number[], to: readonly number[]): number[] {
  const joint = tryBroadcastShapes(from, to);
  if (joint === undefined || !shapesEqual(joint, to)) {
    throw new ShapeError(where, `batch shape ${formatShape(from)} cannot be expanded to ${formatShape(to)}`);
  }
  return [...to];
}
