/**
 * Shared argument handling for families parameterized by probabilities or logits.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors.js";
import { branchMask, log1pDiff } from "../math/piecewise.js";
import { softplus } from "../math/special.js";
import type { TensorLike } from "../math/tensor-like.js";
import { type Constraint, real } from "./constraints.js";
import { valuesAt } from "./count-samplers.js";
import { param } from "./params.js";

/** One of the two parameterizations of a probability-parameterized family, as float32 tensors. */
export type ProbsOrLogits =
  | {
      /** Probabilities. */
      probs: tf.Tensor;
    }
  | {
      /** Logits (log-odds, or unnormalized log-probabilities along a categories axis). */
      logits: tf.Tensor;
    };

/**
 * Read exactly one of `params.probs` / `params.logits`, convert it to a float32 tensor and validate it
 * (probs against `probsConstraint`, logits against `real`).
 *
 * @throws TypeError when both or neither are given; ValidationError for a bad value
 */
export function probsOrLogits(
  family: string,
  params: { probs?: TensorLike; logits?: TensorLike } | null | undefined,
  probsConstraint: Constraint,
): ProbsOrLogits {
  if (params === null || typeof params !== "object") {
    throw new TypeError(`${family}: expected { probs } or { logits }, got ${String(params)}`);
  }
  const hasProbs = params.probs !== undefined;
  const hasLogits = params.logits !== undefined;
  if (hasProbs === hasLogits) {
    throw new TypeError(`${family}: give exactly one of 'probs' or 'logits', got ${hasProbs ? "both" : "neither"}`);
  }
  return hasLogits
    ? { logits: param(family, "logits", params.logits!, real) }
    : { probs: param(family, "probs", params.probs!, probsConstraint) };
}

/** The rank-≥1 check of a parameter whose last axis indexes K ≥ 1 categories; returns K. */
export function categoriesOf(family: string, t: tf.Tensor): number {
  const k = t.shape[t.rank - 1];
  if (t.rank < 1 || k === undefined || k < 1) {
    throw new ShapeError(family, `the parameter needs a last axis of K ≥ 1 categories, got shape [${t.shape.join(",")}]`);
  }
  return k;
}

/** Probabilities in the open interval (0, 1) (tag "unitInterval"): the endpoints are degenerate. */
export const openUnitInterval: Constraint<"unitInterval"> = {
  tag: "unitInterval",
  description: "in (0, 1)",
  eventRank: 0,
  check: (x) => tf.tidy(() => tf.logicalAnd(tf.greater(x, 0), tf.less(x, 1))),
};

/** Probabilities in (0, 1] (tag "unitInterval"): a success probability of 0 is degenerate. */
export const leftOpenUnitInterval: Constraint<"unitInterval"> = {
  tag: "unitInterval",
  description: "in (0, 1]",
  eventRank: 0,
  check: (x) => tf.tidy(() => tf.logicalAnd(tf.greater(x, 0), tf.lessEqual(x, 1))),
};

/** Vectors with positive entries summing to 1 (to float32 tolerance 1e-5·size, as `simplex`). */
export const openSimplex: Constraint<"simplex"> = {
  tag: "simplex",
  description: "on the open simplex (positive, summing to 1)",
  eventRank: 1,
  check: (x) =>
    tf.tidy(() => {
      const n = x.shape[x.rank - 1] ?? 1;
      const sumsToOne = tf.lessEqual(tf.abs(tf.sub(tf.sum(x, -1), 1)), 1e-5 * n);
      return tf.logicalAnd(tf.all(tf.greater(x, 0), -1), sumsToOne);
    }),
};

/**
 * (log p, log(1 − p)) for a Bernoulli-type parameter, each to full accuracy: −softplus(∓ℓ) from logits;
 * log p and log1p(−p) from probs, −Infinity at p = 0 (resp. 1) with a zero (not NaN) gradient there.
 */
export function logProbPair(params: ProbsOrLogits): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    if ("logits" in params) {
      const l = params.logits;
      return [tf.neg(softplus(tf.neg(l))), tf.neg(softplus(l))];
    }
    const p = params.probs;
    const pos = branchMask(p, (v) => tf.greater(v, 0));
    const below1 = branchMask(p, (v) => tf.less(v, 1));
    const logP = tf.where(pos, tf.log(tf.where(pos, p, tf.onesLike(p))), tf.fill(p.shape, -Infinity));
    const logQ = tf.where(below1, log1pDiff(tf.neg(tf.where(below1, p, tf.zerosLike(p)))), tf.fill(p.shape, -Infinity));
    return [logP, logQ];
  });
}

/** (p, 1 − p) as float64 numbers at `shape` (from logits: σ(±ℓ), each with full relative accuracy). */
export function probPairValues(params: ProbsOrLogits, shape: number[]): [Float64Array, Float64Array] {
  if ("logits" in params) {
    const l = valuesAt(params.logits, shape);
    return [l.map((v) => 1 / (1 + Math.exp(-v))), l.map((v) => 1 / (1 + Math.exp(v)))];
  }
  const p = valuesAt(params.probs, shape);
  return [p, p.map((v) => 1 - v)];
}

/** (p, 1 − p) as tensors: σ(±ℓ) from logits (each relatively accurate), or p and 1 − p from probs. */
export function probPair(params: ProbsOrLogits): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    if ("logits" in params) return [tf.sigmoid(params.logits), tf.sigmoid(tf.neg(params.logits))];
    return [tf.clone(params.probs), tf.sub(1, params.probs)];
  });
}
