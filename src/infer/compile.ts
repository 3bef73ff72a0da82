/**
 * `compile`: check a model/guide pair and turn it into SVI.
 *
 * @module
 */
import type { Message } from "../core/messages.js";
import type { GuideFits } from "../dsl/check.js";
import type { Guide, Model } from "../dsl/model.js";
import type { LatentNames } from "../dsl/sites.js";
import { OptionsError } from "../errors.js";
import { adam, type OptimizerSpec } from "./adam.js";
import { elbo, type Objective } from "./objective.js";
import { SVI } from "./svi.js";

/** Options of {@link compile}. */
export interface CompileOptions {
  /** The objective (default `elbo()`: one particle, closed-form KL where possible). */
  readonly objective?: Objective;
  /** The optimizer (default `adam(1e-3)`). */
  readonly optimizer?: OptimizerSpec;
  /** Seed of every random choice made while training (default 0). */
  readonly seed?: number;
}

const KEYS = new Set(["objective", "optimizer", "seed"]);

/**
 * Compile a model and its guide into stochastic variational inference.
 *
 * At compile time (in the type checker) the guide must declare exactly the model's latent
 * sites, with the same supports: a guide that misses a latent, adds one, samples an observed
 * site or proposes a `real` value for a `positive` latent does not type-check, and the error
 * names the site. At run time the same checks cover dynamic site names, and shapes are
 * checked site by site.
 *
 * @example
 * ```ts
 * const svi = compile(vae, q, { objective: elbo(), optimizer: adam(1e-3), seed: 0 });
 * svi.fit({ x: train }, { epochs: 10 });
 * ```
 */
export function compile<A extends object, MY extends Message, GY extends Message>(
  model: Model<A, MY, unknown>,
  guide: Guide<A, GY> & GuideFits<MY, GY>,
  options: CompileOptions = {},
): SVI<A, LatentNames<GY>> {
  if (model === null || typeof model !== "object" || model.kind !== "model") {
    throw new TypeError("compile: the first argument must be a model (made with model(...))");
  }
  const g = guide as Guide<A, GY>;
  if (g === null || typeof g !== "object" || g.kind !== "guide") {
    throw new TypeError("compile: the second argument must be a guide (made with guide(model, ...))");
  }
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) throw new OptionsError("compile", `unknown option '${key}'; expected one of ${[...KEYS].join(", ")}`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new OptionsError("compile", `'seed' must be a finite number, got ${seed}`);
  return new SVI<A, LatentNames<GY>>(
    model.program as never,
    g.program as never,
    options.objective ?? elbo(),
    options.optimizer ?? adam(1e-3),
    seed,
  );
}
