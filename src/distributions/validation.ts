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
  if (!enabled) return;
  const okTensor = constraint.check(value);
  const ok = okTensor.dataSync();
  const okShape = okTensor.shape;
  okTensor.dispose();
  for (let i = 0; i < ok.length; i++) {
    if (!ok[i]) {
      const at = indexOf(i, okShape);
      let shown: string;
      if (constraint.eventRank === 0) {
        shown = String(value.dataSync()[i]);
      } else {
        shown = "a value";
      }
      const pos = at.length > 0 ? ` at [${at.join(",")}]` : "";
      throw new ValidationError(where, `${what} must be ${constraint.description}, got ${shown}${pos}`);
    }
  }
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
