/**
 * The parameter store: every learned tensor of a compiled model, by name.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Constraint } from "../distributions/constraints.js";
import { biject, type Transform } from "../distributions/transforms.js";
import { ShapeError } from "../errors.js";
import { formatShape, shapesEqual } from "../math/shape.js";

const names = new WeakMap<tf.Variable, string>();

/**
 * Give a tfjs variable a `latent` parameter name (used by save/load and error messages).
 *
 * tfjs variable names must be unique in a process; these names need only be unique within a
 * model, so two models may both have a `decoder.0.weight`.
 *
 * @example
 * ```ts
 * const w = tf.variable(tf.zeros([2, 2]));
 * nameParameter(w, "decoder.0.weight");
 * ```
 */
export function nameParameter(variable: tf.Variable, name: string): void {
  names.set(variable, name);
}

/**
 * The `latent` name of a variable, or its tfjs name if it was never given one.
 *
 * @example
 * ```ts
 * parameterName(decoder.layers[0].weight); // "decoder.0.weight"
 * ```
 */
export function parameterName(variable: tf.Variable): string {
  return names.get(variable) ?? variable.name;
}

interface StoredParam {
  readonly unconstrained: tf.Variable;
  readonly transform: Transform;
}

/**
 * Named parameters: those declared with `param` sites (stored unconstrained, read through
 * their constraint's transform) and network weights found while tracing.
 *
 * @example
 * ```ts
 * const store = new ParamStore();
 * const scale = store.get("scale", () => tf.ones([3]), positive); // created, softplus-mapped
 * ```
 */
export class ParamStore {
  private readonly params = new Map<string, StoredParam>();
  private readonly modules = new Map<string, tf.Variable>();

  /** The constrained value of `name`, creating it from `init()` the first time. */
  get(name: string, init: () => tf.Tensor, constraint: Constraint): tf.Tensor {
    let p = this.params.get(name);
    if (p === undefined) {
      const transform = biject(constraint);
      const unconstrained = tf.tidy(() => {
        const v = init();
        return tf.variable(transform.inverse(v), true);
      });
      nameParameter(unconstrained, name);
      p = { unconstrained, transform };
      this.params.set(name, p);
    }
    return p.transform.forward(p.unconstrained);
  }

  /** Register an existing variable (a network weight) under `name`; returns it. */
  addVariable(name: string, variable: tf.Variable): tf.Variable {
    const known = this.modules.get(name) ?? this.params.get(name)?.unconstrained;
    if (known !== undefined && known !== variable) {
      throw new ShapeError("ParamStore", `two different variables are both named '${name}'`);
    }
    if (known === undefined) {
      nameParameter(variable, name);
      this.modules.set(name, variable);
    }
    return variable;
  }

  /** Every trainable variable, by parameter name (unconstrained values for `param` sites). */
  variables(): Map<string, tf.Variable> {
    const out = new Map<string, tf.Variable>();
    for (const [name, p] of this.params) out.set(name, p.unconstrained);
    for (const [name, v] of this.modules) out.set(name, v);
    return out;
  }

  /** Number of stored parameters. */
  get size(): number {
    return this.params.size + this.modules.size;
  }

  /**
   * Overwrite the stored values from `values` (unconstrained), checking names and shapes.
   *
   * @throws ShapeError listing every missing, unexpected or mis-shaped parameter
   */
  assign(values: Map<string, tf.Tensor>): void {
    const mine = this.variables();
    const problems: string[] = [];
    for (const [name, v] of mine) {
      const t = values.get(name);
      if (t === undefined) problems.push(`missing '${name}' ${formatShape(v.shape)}`);
      else if (!shapesEqual(t.shape, v.shape)) {
        problems.push(`'${name}' has shape ${formatShape(t.shape)}, expected ${formatShape(v.shape)}`);
      }
    }
    for (const [name, t] of values) if (!mine.has(name)) problems.push(`unexpected '${name}' ${formatShape(t.shape)}`);
    if (problems.length > 0) {
      throw new ShapeError("load", `saved parameters do not fit this model: ${problems.join("; ")}`);
    }
    for (const [name, v] of mine) v.assign(values.get(name)!);
  }

  /** Dispose every `param`-site variable (network weights belong to their networks). */
  dispose(): void {
    for (const p of this.params.values()) p.unconstrained.dispose();
    this.params.clear();
    this.modules.clear();
  }
}
