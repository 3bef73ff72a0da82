/**
 * Autoguides: guides built from a model's latent sites.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Message } from "../core/messages.js";
import { run } from "../core/run.js";
import { Trace } from "../core/trace.js";
import { seedHandler } from "../core/handlers/seed.js";
import { traceHandler } from "../core/handlers/trace.js";
import { type Constraint, positive, real } from "../distributions/constraints.js";
import type { Distribution } from "../distributions/distribution.js";
import { Delta } from "../distributions/delta.js";
import { NormalDistribution } from "../distributions/normal.js";
import { Transformed } from "../distributions/transformed.js";
import { biject, identityTransform, type Transform, transformInverseShape } from "../distributions/transforms.js";
import { latent } from "../dsl/latent.js";
import type { Guide, Model } from "../dsl/model.js";
import { param } from "../dsl/param.js";
import type { LatentSite } from "../dsl/sites.js";
import { ModelStructureError, OptionsError } from "../errors.js";
import { RandomStream } from "../math/rng.js";
import { type TensorLike, toTensor } from "../math/tensor-like.js";
import { tidyObject } from "../math/tidy.js";

/** How an autoguide initializes each latent's location. */
export type InitStrategy = "sample" | "mean" | Readonly<Record<string, TensorLike>>;

/** Options of the autoguides. */
export interface AutoGuideOptions {
  /** Initial location: a prior draw (`"sample"`, default), the prior mean (`"mean"`, a draw where it is not finite), or given values by site name. */
  readonly init?: InitStrategy;
  /** Initial scale of AutoNormal's Normal in the unconstrained space (default 0.1). */
  readonly initScale?: number;
  /** Prefix of the parameter names (default `"auto."`). */
  readonly prefix?: string;
  /** Seed of the prototype run that discovers the latents and draws `"sample"` inits (default 0). */
  readonly seed?: number;
}

interface PrototypeSite {
  readonly name: string;
  readonly support: Constraint;
  readonly transform: Transform;
  readonly batchRank: number;
  /** The site's shape in the unconstrained space. */
  readonly shape: number[];
  /** The initial location in the unconstrained space. */
  readonly init: Float32Array;
}

// Run the model once (prior draws, observed data as given) to learn its latent sites.
function prototype<A>(m: Model<A, Message, unknown>, args: A, options: AutoGuideOptions, where: string): PrototypeSite[] {
  return tidyObject(() => {
    const t = new Trace();
    run(m.program, args, [traceHandler(t), seedHandler(new RandomStream(options.seed ?? 0))]);
    const sites: PrototypeSite[] = [];
    for (const site of t.sites()) {
      if (site.isObserved) continue;
      let transform: Transform;
      try {
        transform = biject(site.fn.support);
      } catch {
        throw new ModelStructureError(
          where,
          `latent '${site.name}' has support ${site.fn.support.description}, which no bijection from the reals reaches; write a guide for it`,
        );
      }
      const value = initialValue(site.name, site.fn, site.value, options.init ?? "sample", where);
      const unconstrained = transform.inverse(value);
      sites.push({
        name: site.name,
        support: site.fn.support,
        transform,
        batchRank: site.fn.batchShape.length,
        shape: transformInverseShape(transform, site.value.shape),
        init: Float32Array.from(unconstrained.dataSync()),
      });
    }
    return sites;
  });
}

function initialValue(name: string, fn: Distribution, draw: tf.Tensor, init: InitStrategy, where: string): tf.Tensor {
  if (init === "sample") return draw;
  if (init === "mean") {
    const mean = fn.mean;
    return mean.dataSync().every(Number.isFinite) ? tf.broadcastTo(mean, draw.shape) : draw;
  }
  const given = init[name];
  if (given === undefined) throw new OptionsError(where, `'init' gives no value for latent '${name}'`);
  const t = toTensor(given);
  if (t.size !== draw.size) throw new OptionsError(where, `'init' value for '${name}' has ${t.size} numbers, the site has ${draw.size}`);
  return tf.reshape(t, draw.shape);
}

type LatentsOf<Y> = Extract<Y, LatentSite>;

function autoGuide<A, MY extends Message>(
  m: Model<A, MY, unknown>,
  options: AutoGuideOptions,
  where: string,
  build: (site: PrototypeSite, prefix: string) => Generator<Message, Distribution, unknown>,
): Guide<A, LatentsOf<MY>> {
  let proto: PrototypeSite[] | undefined;
  const prefix = options.prefix ?? "auto.";
  return {
    kind: "guide",
    program: function* (args: A) {
      proto ??= prototype(m as Model<A, Message, unknown>, args, options, where);
      for (const site of proto) {
        const q = yield* build(site, prefix);
        yield* latent(site.name, q);
      }
    } as unknown as Guide<A, LatentsOf<MY>>["program"],
  };
}

/**
 * A mean-field Normal guide for every latent of `model`, in the unconstrained space: for a
 * latent with support S, q(z) = T(Normal(loc, scale)) with T = biject(S), so a positive or
 * simplex latent is proposed inside its support (Pyro's AutoNormal). Parameters
 * `auto.<site>.loc` and `auto.<site>.scale` (positive).
 *
 * The latents are discovered by running the model once on the first arguments the guide
 * sees; their shapes must not change afterwards.
 *
 * @example
 * ```ts
 * const svi = compile(regression, autoNormal(regression), { optimizer: adam(0.05) });
 * ```
 */
export function autoNormal<A, MY extends Message>(m: Model<A, MY, unknown>, options: AutoGuideOptions = {}): Guide<A, LatentsOf<MY>> {
  const initScale = options.initScale ?? 0.1;
  if (!(initScale > 0)) throw new OptionsError("autoNormal", `'initScale' must be positive, got ${initScale}`);
  return autoGuide(m, options, "autoNormal", function* (site, prefix) {
    const loc = yield* param(`${prefix}${site.name}.loc`, () => tf.tensor(site.init, site.shape, "float32"), { constraint: real });
    const scale = yield* param(`${prefix}${site.name}.scale`, () => tf.fill(site.shape, initScale), { constraint: positive });
    const base = new NormalDistribution(loc, scale).toEvent(site.shape.length - site.batchRank);
    return site.transform === identityTransform ? base : Transformed(base, site.transform);
  });
}

/**
 * A point-mass guide (MAP estimation): q(z) = δ(T(loc)) for every latent, with T =
 * biject(support) so the point stays inside the support (Pyro's AutoDelta). Parameters
 * `auto.<site>.loc`. The ELBO then equals log p(x, ẑ) (Delta has no entropy), which the
 * optimizer maximizes.
 *
 * @example
 * ```ts
 * const map = compile(regression, autoDelta(regression), { optimizer: adam(0.05) });
 * ```
 */
export function autoDelta<A, MY extends Message>(m: Model<A, MY, unknown>, options: AutoGuideOptions = {}): Guide<A, LatentsOf<MY>> {
  return autoGuide(m, options, "autoDelta", function* (site, prefix) {
    const loc = yield* param(`${prefix}${site.name}.loc`, () => tf.tensor(site.init, site.shape, "float32"), { constraint: real });
    const value = site.transform.forward(loc);
    return Delta(value, { eventDim: value.rank - site.batchRank });
  });
}
