/**
 * Messages: what a program yields at each site, as a discriminated union.
 *
 * A message travels up the handler stack (each handler's `process`), gets a default value if
 * none was set, and travels back down (`postprocess`). See `applyStack`.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { Distribution } from "../distributions/distribution.js";
import type { Constraint } from "../distributions/constraints.js";
import type { Handler } from "./handler.js";

/**
 * A plate: a named batch dimension of conditionally independent sites.
 *
 * `size` is the full size, `subsampleSize` the size of this batch; sites inside are scaled by
 * size / subsampleSize. `dim` counts from the right of the batch shape (−1 is the last).
 */
export interface PlateFrame {
  /** The plate's name, unique within a run. */
  readonly name: string;
  /** Full number of independent elements along the plate (e.g. the dataset size). */
  readonly size: number;
  /** Number of elements in this batch; at most `size`. */
  readonly subsampleSize: number;
  /** Batch dimension of the plate, a negative index counted from the right (−1 is the last). */
  readonly dim: number;
}

/** Per-site options for inference (how the objective treats the site). */
export interface SiteInfer {
  /** Force the Monte Carlo KL for this site even if a closed form exists. */
  readonly analyticKL?: boolean;
}

/**
 * A random choice: a latent (no value yet) or an observed site (value given).
 *
 * @example
 * ```ts
 * const msg: SampleMessage = { type: "sample", name: "z", fn: Normal(0, 1), value: undefined,
 *   isObserved: false, scale: 1, plates: [], infer: {}, seed: undefined, stop: false };
 * ```
 */
export interface SampleMessage {
  /** Discriminant: always `"sample"`. */
  readonly type: "sample";
  /** The site's name, unique within one run of the program. */
  readonly name: string;
  /** The site's distribution. */
  fn: Distribution;
  /** The value: observed data, a replayed or conditioned value, or a fresh draw. */
  value: tf.Tensor | undefined;
  /** Whether `value` is data (an `observe` site, or a condition). */
  isObserved: boolean;
  /** Multiplier of the site's log-density (plates with subsampling, `scale` handlers). */
  scale: number;
  /** Enclosing plates, innermost first. */
  plates: PlateFrame[];
  /** Options for the objective. */
  infer: SiteInfer;
  /** Seed for the draw, set by a seed handler. */
  seed: number | undefined;
  /** Set by a handler to hide the message from the handlers above it. */
  stop: boolean;
}

/**
 * A learnable parameter: created from `init` the first time, then read from the store.
 *
 * @example
 * ```ts
 * const msg: ParamMessage = { type: "param", name: "loc", init: () => tf.zeros([3]),
 *   constraint: real, variable: undefined, value: undefined, stop: false };
 * ```
 */
export interface ParamMessage {
  /** Discriminant: always `"param"`. */
  readonly type: "param";
  /** The parameter's name: its key in the parameter store. */
  readonly name: string;
  /** The initial value, in the constrained space. */
  init: () => tf.Tensor;
  /** The set the parameter lives in; stored unconstrained, mapped through its transform. */
  constraint: Constraint;
  /** An existing variable to register under `name` (network weights), instead of `init`. */
  variable: tf.Variable | undefined;
  /** The parameter's current value in the constrained space; set by a handler or by default. */
  value: tf.Tensor | undefined;
  /** Set by a handler to hide the message from the handlers above it. */
  stop: boolean;
}

/**
 * Entering or leaving a plate: the runtime pushes a plate handler until the matching exit.
 *
 * `dim` defaults to the next free dimension from the right (−1 for the outermost plate).
 *
 * @example
 * ```ts
 * const msg: PlateMessage = { type: "plate", phase: "enter", name: "data", size: 9000,
 *   subsampleSize: 128, dim: undefined };
 * ```
 */
export interface PlateMessage {
  /** Discriminant: always `"plate"`. */
  readonly type: "plate";
  /** Whether the program is entering the plate's body or leaving it. */
  readonly phase: "enter" | "exit";
  /** The plate's name, unique within a run. */
  readonly name: string;
  /** Full number of independent elements along the plate (e.g. the dataset size). */
  readonly size: number;
  /** Number of elements in this batch; at most `size`. */
  readonly subsampleSize: number;
  /** Batch dimension, a negative index from the right; `undefined` picks the next free one. */
  readonly dim: number | undefined;
}

/**
 * Entering or leaving a scope in which `handler` applies to every site (e.g. a mask or a
 * scale written inside a program): the runtime pushes it on enter and pops it on exit.
 *
 * @example
 * ```ts
 * const msg: ScopeMessage = { type: "scope", phase: "enter", handler: scaleHandler(0.5) };
 * ```
 */
export interface ScopeMessage {
  /** Discriminant: a handler scope. */
  readonly type: "scope";
  /** Whether the program enters or leaves the scope. */
  readonly phase: "enter" | "exit";
  /** The handler that applies inside the scope. */
  readonly handler: Handler;
}

/** Everything a program can yield. */
export type Message = SampleMessage | ParamMessage | PlateMessage | ScopeMessage;

/** Messages that travel the handler stack. */
export type StackMessage = SampleMessage | ParamMessage;
