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
import { DeltaDistribution } from "../distributions/delta.js";
import { kl } from "../kl/registry.js";
import { logSumExp } from "../math/logsumexp.js";
import { stopGradient } from "../math/stop-gradient.js";
import { tidyObject } from "../math/tidy.js";
import type { TraceSite } from "../core/trace.js";
import { planSite } from "./plan.js";
import type { RandomStream } from "../math/rng.js";
import { elbo, type ElboObjective, type Objective } from "./objective.js";

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
    // The run-time twin of the compile-time support check (dynamic names escape the types).
    // A point mass (a MAP guide) may sit inside any support.
    if (site.fn.support.tag !== m.fn.support.tag && !(site.fn instanceof DeltaDistribution)) {
      throw new ModelStructureError(
        `site '${site.name}'`,
        `the model's ${m.fn.name} has support ${m.fn.support.tag} (${m.fn.support.description}), ` +
          `but the guide's ${site.fn.name} has support ${site.fn.support.tag} (${site.fn.support.description})`,
      );
    }
  }
  return { guide, model };
}

/** One particle's contribution to an objective. */
export interface ParticleEstimate {
  /** The estimate itself (e.g. the ELBO of this particle). */
  readonly value: tf.Scalar;
  /**
   * A surrogate with the same value whose gradient is the estimator's gradient (it adds the
   * score-function terms of non-reparameterized latents).
   */
  readonly surrogate: tf.Scalar;
  /** The downstream cost of each score-function site (for its baseline). */
  readonly costs: Map<string, number>;
}

// log q(z) whose gradient keeps only the path through z (Roeder et al. 2017): the value of
// log q(z), the gradient of log q(z) minus the score ∇_φ log q_φ(z)|_z fixed.
function pathOnly(q: TraceSite): tf.Tensor {
  const fixed = q.fn.logProb(stopGradient(q.value));
  return tf.add(tf.sub(q.fn.logProb(q.value), fixed), stopGradient(fixed));
}

/**
 * One particle of the ELBO: Σ observed log p(x|z)·scale, plus per latent −β·KL(q ‖ p)·scale
 * (closed form) or β·(log p(z) − log q(z))·scale at the draw, as the plan decides. Latents
 * whose guide cannot reparameterize add the score-function term
 * (cost − baseline)·∇ log q(z) to the surrogate, with cost the sum of the terms downstream of
 * the site (those of model sites from it onward, and of latents the guide draws after it).
 *
 * @example
 * ```ts
 * const { value } = elboParticle(traceParticle(m.program, g.program, args, ctx), elbo(), 1, new Map());
 * ```
 */
export function elboParticle(
  traces: ParticleTraces,
  objective: ElboObjective,
  beta: number,
  baselines: ReadonlyMap<string, number>,
): ParticleEstimate {
  const costs = new Map<string, number>();
  const out = tidyObject(() => {
    const modelSites = [...traces.model.sites()];
    const guideOrder = new Map(traces.guide.names().map((n, i) => [n, i]));
    const terms: tf.Tensor[] = [];
    const scoreSites: Array<{ index: number; q: TraceSite }> = [];
    modelSites.forEach((site, index) => {
      const q = traces.guide.get(site.name);
      const plan = planSite(site, q, objective);
      if (plan.role === "observed" || q === undefined) {
        terms.push(tf.mul(tf.sum(site.fn.logProb(site.value)), site.scale));
        return;
      }
      if (plan.kl === "closed form") {
        terms.push(tf.mul(tf.sum(kl(q.fn, site.fn)), -beta * site.scale));
        return;
      }
      const lp = tf.mul(tf.sum(site.fn.logProb(site.value)), site.scale);
      const lq = tf.mul(tf.sum(objective.stickTheLanding && plan.estimator === "pathwise" ? pathOnly(q) : q.fn.logProb(q.value)), q.scale);
      terms.push(tf.mul(tf.sub(lp, lq), beta));
      if (plan.estimator === "score-function") scoreSites.push({ index, q });
    });
    const value = (terms.length === 0 ? tf.scalar(0) : tf.addN(terms)) as tf.Scalar;
    if (scoreSites.length === 0) return { value, surrogate: value };
    const termValues = terms.map((t) => t.dataSync()[0]!);
    const extras: tf.Tensor[] = [];
    for (const { index, q } of scoreSites) {
      const g = guideOrder.get(q.name)!;
      let cost = 0;
      modelSites.forEach((site, i) => {
        const later = (guideOrder.get(site.name) ?? -1) > g;
        if (i >= index || later) cost += termValues[i]!;
      });
      costs.set(q.name, cost);
      const advantage = cost - (baselines.get(q.name) ?? 0);
      const lq = tf.mul(tf.sum(q.fn.logProb(q.value)), q.scale);
      extras.push(tf.mul(tf.sub(lq, stopGradient(lq)), advantage));
    }
    return { value, surrogate: tf.add(value, tf.addN(extras)) as tf.Scalar };
  });
  return { ...out, costs };
}

/**
 * The ELBO of one particle's traces with the closed-form KL where available (no score
 * terms, β = 1): the value `evaluate` reports.
 *
 * @example
 * ```ts
 * const value = elboOfTraces(traceParticle(m, g, args, ctx), true);
 * ```
 */
export function elboOfTraces(traces: ParticleTraces, analyticKL: boolean): tf.Scalar {
  return elboParticle(traces, { ...elbo(), analyticKL }, 1, new Map()).value;
}

/**
 * Estimate an objective on a batch: its value (mean over particles for the ELBO, one
 * k-sample estimate for IWAE and Rényi), a surrogate for the gradient, and the
 * score-function costs (mean over particles).
 *
 * @example
 * ```ts
 * const { value } = estimateObjective(vae.program, q.program, { x }, ctx, iwae({ particles: 8 }));
 * ```
 */
export function estimateObjective<A>(
  modelProgram: Program<A, Message, unknown>,
  guideProgram: Program<A, Message, unknown>,
  args: A,
  ctx: RunContext,
  objective: Objective,
  options: { beta?: number; baselines?: ReadonlyMap<string, number> } = {},
): ParticleEstimate {
  if (objective.kind === "elbo") {
    const costs = new Map<string, number>();
    const out = tidyObject(() => {
      const values: tf.Tensor[] = [];
      const surrogates: tf.Tensor[] = [];
      for (let i = 0; i < objective.particles; i++) {
        const p = elboParticle(traceParticle(modelProgram, guideProgram, args, ctx), objective, options.beta ?? 1, options.baselines ?? new Map());
        values.push(p.value);
        surrogates.push(p.surrogate);
        for (const [k, c] of p.costs) costs.set(k, (costs.get(k) ?? 0) + c / objective.particles);
      }
      const mean = (ts: tf.Tensor[]) => (ts.length === 1 ? ts[0]! : tf.div(tf.addN(ts), ts.length)) as tf.Scalar;
      return { value: mean(values), surrogate: mean(surrogates) };
    });
    return { ...out, costs };
  }
  const k = objective.particles;
  const oneMinusAlpha = objective.kind === "iwae" ? 1 : 1 - objective.alpha;
  const value = tf.tidy(() => {
    const lw: tf.Tensor[] = [];
    for (let i = 0; i < k; i++) {
      const traces = traceParticle(modelProgram, guideProgram, args, ctx);
      for (const site of traces.guide.sites()) {
        if (!site.fn.hasRsample) {
          throw new ModelStructureError(
            `site '${site.name}'`,
            `the guide's ${site.fn.name} has no reparameterized sampler, which ${objective.kind}() needs; use elbo(), whose score-function estimator handles it`,
          );
        }
      }
      lw.push(logWeightOf(traces));
    }
    const scaled = tf.mul(tf.stack(lw), oneMinusAlpha);
    return tf.div(tf.sub(logSumExp(scaled), Math.log(k)), oneMinusAlpha) as tf.Scalar;
  });
  return { value, surrogate: value, costs: new Map() };
}

/**
 * log p(x, z) − log q(z | x) of one particle's traces, every term scaled by its plates.
 *
 * @example
 * ```ts
 * logWeightOf(traceParticle(m.program, g.program, args, ctx));
 * ```
 */
export function logWeightOf(traces: ParticleTraces): tf.Scalar {
  return tf.tidy(() => {
    const terms: tf.Tensor[] = [tf.scalar(0)];
    for (const site of traces.model.sites()) terms.push(tf.mul(tf.sum(site.fn.logProb(site.value)), site.scale));
    for (const site of traces.guide.sites()) terms.push(tf.mul(tf.sum(site.fn.logProb(site.value)), -site.scale));
    return tf.addN(terms) as tf.Scalar;
  });
}

/**
 * Estimate the ELBO (averaged over `objective.particles` particles), or the bound of an
 * IWAE or Rényi objective.
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
  return estimateObjective(modelProgram, guideProgram, args, ctx, objective).value;
}
