/**
 * Argument validation: parameters against their constraints, observed values against a
 * support. On by default; `setValidation(false)` turns it off for speed.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ValidationError } from "../errors.js";
import type { Constraint } from "./constraints.js";

let enabled = true;

/**
 * Turn argument and support validation on (the default) or off.
 *
 * Validation reads each checked tensor back to JavaScript, one small synchronous copy per
 * parameter; switch it off once a model is debugged if that matters.
 *
 * @example
 * ```ts
 * setValidation(false); // trust every parameter from here on
 * ```
 */
export function setValidation(on: boolean): void {
  enabled = on;
}

/**
 * Whether validation is on.
 *
 * @example
 * ```ts
 * if (validationEnabled()) console.log("checking arguments");
 * ```
 */
export function validationEnabled(): boolean {
  return enabled;
}

function indexOf(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = shape.length - 1; k >= 0; k--) {
    const d = shape[k]!;
    idx[k] = flat % d;
    flat = Math.floor(flat / d);
  }
  return idx;
}

/**
 * Throw a {@link ValidationError} naming `where` and `what` if any element of `value` lies
 * outside `constraint`, showing the first bad element and its index.
 *
 * Message: `Normal: 'scale' must be positive, got -0.5 at [2]`.
 *
 * @example
 * ```ts
 * checkConstraint("Normal", "'scale'", tf.tensor([1, -0.5]), positive); // throws
 * ```
 */
export function checkConstraint(where: string, what: string, value: tf.Tensor, constraint: Constraint): void {
  if (!enabled || isValidated(value, constraint)) return;
  // Fast path: one reduction and a scalar read; the element-by-element search runs only when
  // something is wrong.
  const allOk = tf.tidy(() => tf.all(constraint.check(value)).dataSync()[0]);
  if (allOk) {
    markValidated(value, constraint);
    return;
  }
  const okTensor = constraint.check(value);
  const ok = okTensor.dataSync();
  const okShape = okTensor.shape;
  okTensor.dispose();
  for (let i = 0; i < ok.length; i++) {
    if (!ok[i]) {
      const at = indexOf(i, okShape);
      const shown = constraint.eventRank === 0 ? String(value.dataSync()[i]) : "a value";
      const pos = at.length > 0 ? ` at [${at.join(",")}]` : "";
      throw new ValidationError(where, `${what} must be ${constraint.description}, got ${shown}${pos}`);
    }
  }
}

// Tensors are immutable (variables aside), so a tensor found inside a constraint once stays
// inside it: remember it, and let data batches inherit the mark of the dataset they came from.
const validated = new WeakMap<tf.Tensor, Set<Constraint>>();

/**
 * Whether `value` was already found inside `constraint` (never true for variables, which
 * can change).
 *
 * @example
 * ```ts
 * isValidated(x, boolean); // true after x passed an observe site's check
 * ```
 */
export function isValidated(value: tf.Tensor, constraint: Constraint): boolean {
  return validated.get(value)?.has(constraint) ?? false;
}

/**
 * Record that `value` lies inside `constraint` (ignored for variables).
 *
 * @example
 * ```ts
 * markValidated(batch, boolean); // a batch gathered from validated data
 * ```
 */
export function markValidated(value: tf.Tensor, constraint: Constraint): void {
  if (value instanceof tf.Variable) return;
  let set = validated.get(value);
  if (set === undefined) {
    set = new Set();
    validated.set(value, set);
  }
  set.add(constraint);
}

/**
 * The constraints `value` is known to satisfy.
 *
 * @example
 * ```ts
 * for (const c of validatedConstraints(data.x)) markValidated(batch.x, c);
 * ```
 */
export function validatedConstraints(value: tf.Tensor): ReadonlySet<Constraint> {
  return validated.get(value) ?? new Set();
}

/**
 * Validate a parameter tensor; see {@link checkConstraint}.
 *
 * @example
 * ```ts
 * checkParam("Normal", "scale", scaleTensor, positive);
 * ```
 */
export function checkParam(where: string, name: string, value: tf.Tensor, constraint: Constraint): void {
  checkConstraint(where, `'${name}'`, value, constraint);
}
