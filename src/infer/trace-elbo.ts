/**
 * The ELBO estimator: run the guide, replay the model on its draws, add up the site terms.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Message } from "../core/messages.js";
import type { ParamStore } from "../core/param-store.js";
import type { Program } from "../core/run.js";
import { run } from "../core/run.js";
import { Trace } from "../core/trace.js";
import { paramHandler } from "../core/handlers/param.js";
import { replayHandler } from "../core/handlers/replay.js";
import { seedHandler } from "../core/handlers/seed.js";
import { traceHandler } from "../core/handlers/trace.js";
import { ModelStructureError } from "../errors.js";
import { hasKL, kl } from "../kl/registry.js";
import type { RandomStream } from "../math/rng.js";
import type { Objective } from "./objective.js";

/** What a run of the programs needs: the parameter store and the random stream. */
export interface RunContext {
  /** Where `param` and `module` sites get (and create) their values. */
  readonly store: ParamStore;
  /** Seeded random stream for every draw of the run. */
  readonly rng: RandomStream;
}

/** The traces of one particle. */
export interface ParticleTraces {
  /** The guide's run: its latent draws z ~ q(z | x). */
  readonly guide: Trace;
  /** The model's run, replayed on the guide's draws: latents from `guide`, observed sites from the data. */
  readonly model: Trace;
}

/**
 * Run the guide, then the model replayed on the guide's draws, checking that the two fit
 * (every model latent has a guide site, every guide site is a model latent).
 *
 * @throws ModelStructureError naming the site when they do not fit
 * @example
 * ```ts
 * const { guide, model } = traceParticle(vae.program, q.program, { x }, ctx);
 * ```
 */
export function traceParticle<A>(
  modelProgram: Program<A, Message, unknown>,
  guideProgram: Program<A, Message, unknown>,
  args: A,
  ctx: RunContext,
): ParticleTraces {
  const guide = new Trace();
  run(guideProgram, args, [traceHandler(guide), paramHandler(ctx.store), seedHandler(ctx.rng)]);
  const model = new Trace();
  run(modelProgram, args, [traceHandler(model), paramHandler(ctx.store), replayHandler(guide), seedHandler(ctx.rng)]);
  for (const site of model.sites()) {
    if (!site.isObserved && !guide.has(site.name)) {
      throw new ModelStructureError(
        "compile",
        `guide has no site '${site.name}', which the model declares latent (${site.fn.name})`,
      );
    }
  }
  for (const site of guide.sites()) {
    const m = model.get(site.name);
    if (m === undefined) {
      throw new ModelStructureError("compile", `guide has site '${site.name}', which the model lacks`);
    }
    if (m.isObserved) {
      throw new ModelStructureError("compile", `guide samples '${site.name}', which the model observes`);
    }
    if (site.isObserved) {
      throw new ModelStructureError("compile", `guide observes '${site.name}'; a guide may only sample latents`);
    }
    if (!site.fn.hasRsample) {
      throw new ModelStructureError(
        `site '${site.name}'`,
        `the guide's ${site.fn.name} has no reparameterized sampler, which elbo() needs for its ` +
          `pathwise gradient; use a reparameterizable family`,
      );
    }
  }
  return { guide, model };
}

/**
 * The ELBO of one particle's traces: Σ observed log p(x|z)·scale, plus per latent either
 * −KL(q ‖ p)·scale (closed form) or (log p(z) − log q(z))·scale at the draw.
 *
 * @example
 * ```ts
 * const value = elboOfTraces(traceParticle(m, g, args, ctx), true);
 * ```
 */
export function elboOfTraces(traces: ParticleTraces, analyticKL: boolean): tf.Scalar {
  return tf.tidy(() => {
    const terms: tf.Tensor[] = [];
    for (const site of traces.model.sites()) {
      if (site.isObserved) {
        terms.push(tf.mul(tf.sum(site.fn.logProb(site.value)), site.scale));
        continue;
      }
      const q = traces.guide.get(site.name)!;
      const closedForm = analyticKL && site.infer.analyticKL !== false && hasKL(q.fn, site.fn);
      if (closedForm) {
        terms.push(tf.mul(tf.sum(kl(q.fn, site.fn)), -site.scale));
      } else {
        terms.push(tf.mul(tf.sum(site.fn.logProb(site.value)), site.scale));
        terms.push(tf.mul(tf.sum(q.fn.logProb(q.value)), -q.scale));
      }
    }
    return (terms.length === 0 ? tf.scalar(0) : tf.addN(terms)) as tf.Scalar;
  });
}

/**
 * Estimate the objective (the ELBO, averaged over `objective.particles` particles).
 *
 * @example
 * ```ts
 * const value = estimateElbo(vae.program, q.program, { x }, ctx, elbo());
 * ```
 */
export function estimateElbo<A>(
  modelProgram: Program<A, Message, unknown>,
  guideProgram: Program<A, Message, unknown>,
  args: A,
  ctx: RunContext,
  objective: Objective,
): tf.Scalar {
  return tf.tidy(() => {
    const values: tf.Scalar[] = [];
    for (let i = 0; i < objective.particles; i++) {
      values.push(elboOfTraces(traceParticle(modelProgram, guideProgram, args, ctx), objective.analyticKL));
    }
    return (values.length === 1 ? values[0]! : tf.div(tf.addN(values), values.length)) as tf.Scalar;
  });
}
