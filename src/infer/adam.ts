/**
 * Adam (Kingma & Ba 2015), with its state keyed by parameter name so it can be checkpointed.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { OptionsError } from "../errors.js";

/** Options of {@link adam}. */
export interface AdamOptions {
  /** Decay of the first moment (default 0.9). */
  readonly beta1?: number;
  /** Decay of the second moment (default 0.999). */
  readonly beta2?: number;
  /** Added to √v̂ (default 1e-8, PyTorch's; tfjs's own default is 1e-7). */
  readonly epsilon?: number;
  /**
   * Clip the global gradient norm ‖g‖₂ (over every parameter) to this value before the update
   * (default: no clipping).
   */
  readonly clipNorm?: number;
}

/**
 * A gradient-based optimizer over named variables.
 *
 * @example
 * ```ts
 * const opt = adam(1e-3).create();
 * opt.apply(new Map([["w", gradW]]), new Map([["w", w]]));
 * ```
 */
export interface Optimizer {
  /** Update each variable in `params` that has a gradient in `grads`. */
  apply(grads: ReadonlyMap<string, tf.Tensor>, params: ReadonlyMap<string, tf.Variable>): void;
  /** The optimizer's state (step count and moments), by name, for checkpoints. */
  state(): Map<string, tf.Tensor>;
  /** Restore a state returned by `state()`. */
  setState(state: ReadonlyMap<string, tf.Tensor>): void;
  /** Free the state. */
  dispose(): void;
}

/**
 * A recipe for an optimizer; `compile` creates one per compiled model.
 *
 * @example
 * ```ts
 * compile(m, g, { optimizer: adam(1e-3) });
 * ```
 */
export interface OptimizerSpec {
  /** The optimizer's name, e.g. `"adam"`. */
  readonly name: string;
  /** Step size lr > 0 of the first update (a schedule may change it at later steps). */
  readonly learningRate: number;
  /** Create a fresh optimizer with empty state (no moments, step count 0). */
  create(): Optimizer;
}

/**
 * Variables with at most this many entries are updated in JavaScript: for them the dozen tfjs
 * kernels of a tensor update (each ~2–7 µs of dispatch) cost far more than the arithmetic.
 */
const SMALL_VARIABLE = 4096;

// A moment estimate: float32 values kept in JavaScript (small variables) or a tensor (large ones).
type Moment = Float32Array | tf.Variable;

function momentTensor(s: Moment): tf.Tensor {
  return s instanceof Float32Array ? tf.tensor1d(Float32Array.from(s)) : tf.clone(s);
}

// Adam's update of a small variable in JavaScript, each quantity rounded to float32 where the
// tensor update rounds it (m, v and the new value are float32; the arithmetic between is float64).
function smallUpdate(
  p: tf.Tensor,
  grad: tf.Tensor,
  factor: number,
  m: Float32Array,
  v: Float32Array,
  c: { beta1: number; beta2: number; epsilon: number; step: number; c2: number },
): tf.Tensor {
  const g = grad.dataSync();
  const x = Float32Array.from(p.dataSync());
  for (let i = 0; i < x.length; i++) {
    const gi = g[i]! * factor;
    m[i] = c.beta1 * m[i]! + (1 - c.beta1) * gi;
    v[i] = c.beta2 * v[i]! + (1 - c.beta2) * gi * gi;
    x[i] = x[i]! - (c.step * m[i]!) / (Math.sqrt(v[i]! * c.c2) + c.epsilon);
  }
  return tf.tensor(x, p.shape, "float32");
}

// Checked as float32 (what the update computes with): 1e-300 rounds to 0, 1e300 to Infinity.
function checkRate(where: string, name: string, x: number, low: number, high: number): void {
  if (typeof x !== "number" || !(x > low && x < high) || !(Math.fround(x) > low && Number.isFinite(Math.fround(x)))) {
    throw new OptionsError(where, `'${name}' must be in (${low}, ${high}), got ${x}`);
  }
}

/**
 * Adam: with g the gradient of the loss,
 *
 * ```
 * m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²
 * θ ← θ − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 * ```
 *
 * @param learningRate - step size lr > 0, or a schedule: a function of the step (1, 2, …)
 * @example
 * ```ts
 * const svi = compile(vae, q, { optimizer: adam(1e-3) });
 * const decayed = adam((step) => 1e-3 * Math.pow(0.5, step / 5000), { clipNorm: 10 });
 * ```
 */
export function adam(learningRate: number | ((step: number) => number), options: AdamOptions = {}): OptimizerSpec {
  const rateAt = (step: number): number => {
    const lr = typeof learningRate === "number" ? learningRate : learningRate(step);
    checkRate("adam", `learningRate${typeof learningRate === "number" ? "" : `(${step})`}`, lr, 0, Infinity);
    return lr;
  };
  rateAt(1);
  const clipNorm = options.clipNorm;
  if (clipNorm !== undefined) checkRate("adam", "clipNorm", clipNorm, 0, Infinity);
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  checkRate("adam", "beta1", beta1, -Number.MIN_VALUE, 1);
  checkRate("adam", "beta2", beta2, -Number.MIN_VALUE, 1);
  checkRate("adam", "epsilon", epsilon, 0, Infinity);
  return {
    name: "adam",
    learningRate: rateAt(1),
    create(): Optimizer {
      let t = 0;
      // Moments, as float32 arrays (the update runs in JavaScript for small variables, where a dozen
      // tiny kernels per variable cost far more than the arithmetic) or as tensors (large ones).
      const m = new Map<string, Moment>();
      const v = new Map<string, Moment>();
      const moment = (store: Map<string, Moment>, name: string, like: tf.Tensor): Moment => {
        let s = store.get(name);
        if (s === undefined) {
          s = like.size <= SMALL_VARIABLE ? new Float32Array(like.size) : tf.variable(tf.zerosLike(like), false);
          store.set(name, s);
        }
        return s;
      };
      return {
        apply(grads, params) {
          t += 1;
          const lr = rateAt(t);
          const c1 = 1 / (1 - Math.pow(beta1, t));
          const c2 = 1 / (1 - Math.pow(beta2, t));
          tf.tidy(() => {
            let factor = 1;
            if (clipNorm !== undefined) {
              const sq = [...grads.values()].map((g) => tf.sum(tf.square(g)));
              const norm = Math.sqrt(sq.length === 0 ? 0 : tf.addN(sq).dataSync()[0]!);
              if (norm > clipNorm) factor = clipNorm / norm;
            }
            for (const [name, raw] of grads) {
              const p = params.get(name);
              if (p === undefined) continue;
              const mi = moment(m, name, p);
              const vi = moment(v, name, p);
              if (mi instanceof Float32Array && vi instanceof Float32Array) {
                p.assign(smallUpdate(p, raw, factor, mi, vi, { beta1, beta2, epsilon, step: lr * c1, c2 }));
                continue;
              }
              const mt = mi as tf.Variable;
              const vt = vi as tf.Variable;
              const g = factor === 1 ? raw : tf.mul(raw, factor);
              mt.assign(tf.add(tf.mul(mt, beta1), tf.mul(g, 1 - beta1)));
              vt.assign(tf.add(tf.mul(vt, beta2), tf.mul(tf.square(g), 1 - beta2)));
              const denom = tf.add(tf.sqrt(tf.mul(vt, c2)), epsilon);
              p.assign(tf.sub(p, tf.div(tf.mul(mt, lr * c1), denom)));
            }
          });
        },
        state() {
          const out = new Map<string, tf.Tensor>([["t", tf.scalar(t)]]);
          for (const [name, s] of m) out.set(`m/${name}`, momentTensor(s));
          for (const [name, s] of v) out.set(`v/${name}`, momentTensor(s));
          return out;
        },
        setState(state) {
          const step = state.get("t");
          if (step === undefined) throw new OptionsError("adam", "saved state has no step count 't'");
          t = step.dataSync()[0]!;
          for (const [key, value] of state) {
            if (key === "t") continue;
            const [kind, ...rest] = key.split("/");
            const name = rest.join("/");
            const target = kind === "m" ? m : kind === "v" ? v : undefined;
            if (target === undefined) throw new OptionsError("adam", `unknown state entry '${key}'`);
            const existing = target.get(name);
            if (existing instanceof Float32Array) existing.set(value.dataSync());
            else if (existing !== undefined) existing.assign(value);
            else target.set(name, value.size <= SMALL_VARIABLE ? Float32Array.from(value.dataSync()) : tf.variable(tf.clone(value), false));
          }
        },
        dispose() {
          for (const s of [...m.values(), ...v.values()]) if (!(s instanceof Float32Array)) s.dispose();
          m.clear();
          v.clear();
        },
      };
    },
  };
}
