/**
 * The same seed gives bit-identical draws.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { tidyObject } from "../../math/tidy.js";
import type { Distribution } from "../../distributions/distribution.js";
import { expectProperty } from "../property-failure.js";

/**
 * Check that two draws with the same seed are bit-identical (and, for continuous families,
 * that another seed gives different values).
 *
 * @example
 * ```ts
 * checkReproducibleOf(Normal(0, 1), false, { check: "reproducible", params: {}, seed: 5 });
 * ```
 */
export function checkReproducibleOf(d: Distribution, discrete: boolean, context: { check: string; params: unknown; seed: number }): void {
  const [a, b, c] = tidyObject(() =>
    [context.seed, context.seed, context.seed + 1].map((s) => Array.from(d.sample([8], s).dataSync())),
  ) as [number[], number[], number[]];
  expectProperty(a.every((v, i) => Object.is(v, b[i])), "two draws with the same seed differ", context);
  if (!discrete) expectProperty(a.some((v, i) => v !== c[i]), "draws with different seeds are identical", context);
}
