/**
 * The interface every distribution implements, built-in or user-defined.
 *
 * Shapes follow Pyro/TFP: a draw has shape `sampleShape ++ batchShape ++ eventShape`;
 * `logProb` returns `sampleShape ++ batchShape`; `mean` and `variance` have
 * `batchShape ++ eventShape`; `entropy` has `batchShape`.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { Seed } from "../math/rng.js";
import type { Constraint, SupportTag } from "./constraints.js";

/**
 * A probability distribution over tensors whose support has type tag `S`.
 *
 * Subclasses implement `sample`, `logProb`, `mean`, `variance` and the shape fields;
 * reparameterized families also `rsample` (and set `hasRsample`). `toEvent` and `expand`
 * come for free.
 *
 * @typeParam S - the support's type tag, read by the compile-time model/guide check
 * @example
 * ```ts
 * const d = Normal(0, 1).expand([3]);
 * d.batchShape;        // [3]
 * d.logProb(d.sample()); // shape [3]
 * ```
 */
export abstract class Distribution<S extends SupportTag = SupportTag> {
  /** The family's name, used in error messages and the KL registry's messages. */
  abstract readonly name: string;
  /** Shape of independent, non-identical parameter sets. */
  abstract readonly batchShape: number[];
  /** Shape of one draw. */
  abstract readonly eventShape: number[];
  /** The set the draws lie in. */
  abstract readonly support: Constraint<S>;
  /** Each parameter's constraint, by parameter name. */
  abstract readonly argConstraints: Readonly<Record<string, Constraint>>;
  /** Whether `rsample` gives pathwise (reparameterized) gradients. */
  abstract readonly hasRsample: boolean;

  /**
   * Draw samples of shape `sampleShape ++ batchShape ++ eventShape`, without gradients.
   *
   * @param sampleShape - leading shape of independent draws (default `[]`)
   * @param seed - a number or a {@link RandomStream}; the global stream when omitted
   */
  abstract sample(sampleShape?: number[], seed?: Seed): tf.Tensor;

  /** log density (or mass) of `value`, shape `sampleShape ++ batchShape`. */
  abstract logProb(value: tf.Tensor): tf.Tensor;

  /** The mean, shape `batchShape ++ eventShape`. */
  abstract get mean(): tf.Tensor;

  /** The variance, shape `batchShape ++ eventShape`. */
  abstract get variance(): tf.Tensor;

  /**
   * Draw reparameterized samples: gradients flow to the parameters.
   *
   * @throws Error when the family has no pathwise gradient (`hasRsample` is false)
   */
  rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    void sampleShape;
    void seed;
    throw new Error(`${this.name}: rsample is not available (hasRsample is false); use sample`);
  }

  /** Differential (or Shannon) entropy, shape `batchShape`. */
  entropy(): tf.Tensor {
    throw new Error(`${this.name}: entropy is not implemented`);
  }

  /**
   * Reinterpret the rightmost `n` batch dimensions as event dimensions
   * (Pyro's `to_event`, TFP's `Independent`): log-densities are summed over them.
   *
   * @example
   * ```ts
   * Normal(tf.zeros([128, 20]), 1).toEvent(1).batchShape; // [128]
   * ```
   */
  toEvent(n = 1): Distribution<S> {
    return wrappers.independent(this, n);
  }

  /**
   * Broadcast the batch shape to `batchShape` (new leading dimensions, or size-1 dimensions
   * grown); draws along the new dimensions are independent.
   *
   * @example
   * ```ts
   * Normal(0, 1).expand([128, 20]).batchShape; // [128, 20]
   * ```
   */
  expand(batchShape: number[]): Distribution<S> {
    return wrappers.expanded(this, batchShape);
  }

  /**
   * Mask log-densities: `logProb` is multiplied by the boolean `mask` (exactly 0 where it is
   * false), which broadcasts against the batch shape (Pyro's `mask`).
   *
   * @example
   * ```ts
   * Normal(tf.zeros([3]), 1).mask(tf.tensor([1, 0, 1], undefined, "bool")).logProb(x); // [·, 0, ·]
   * ```
   */
  mask(mask: tf.Tensor | boolean): Distribution<S> {
    return wrappers.masked(this, mask);
  }

  /** The full shape of a draw for a given sample shape. */
  shape(sampleShape: number[] = []): number[] {
    return [...sampleShape, ...this.batchShape, ...this.eventShape];
  }
}

type Wrappers = {
  independent: <S extends SupportTag>(base: Distribution<S>, n: number) => Distribution<S>;
  expanded: <S extends SupportTag>(base: Distribution<S>, batchShape: number[]) => Distribution<S>;
  masked: <S extends SupportTag>(base: Distribution<S>, mask: tf.Tensor | boolean) => Distribution<S>;
};

// Independent and Expanded are subclasses of Distribution; they install themselves here when
// their modules load so that this file need not import them (which would be an import cycle).
const wrappers: Wrappers = {
  independent: () => {
    throw new Error("toEvent: import 'latent' (the Independent wrapper is not loaded)");
  },
  expanded: () => {
    throw new Error("expand: import 'latent' (the Expanded wrapper is not loaded)");
  },
  masked: () => {
    throw new Error("mask: import 'latent' (the Masked wrapper is not loaded)");
  },
};

/** @internal Install the wrapper constructors used by `toEvent`, `expand` and `mask`. */
export function installWrappers(w: Wrappers): void {
  wrappers.independent = w.independent;
  wrappers.expanded = w.expanded;
  wrappers.masked = w.masked;
}
