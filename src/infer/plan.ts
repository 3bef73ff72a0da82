/**
 * The compiled plan: per site, how the objective treats it. The loss code asks the same
 * function, so the printed plan is what runs.
 *
 * @module
 */
import type { TraceSite } from "../core/trace.js";
import { hasKL } from "../kl/registry.js";
import type { Objective } from "./objective.js";
import type { ParticleTraces } from "./trace-elbo.js";

/** How one site enters the objective. */
export interface SitePlan {
  /** The site's name. */
  readonly name: string;
  /** Observed data, or a latent proposed by the guide. */
  readonly role: "observed" | "latent";
  /** The model's distribution at the site (its name). */
  readonly model: string;
  /** The guide's distribution at the site (latents only). */
  readonly guide: string | undefined;
  /** Gradient estimator of a latent: pathwise (reparameterized) or score function. */
  readonly estimator: "pathwise" | "score-function" | "none";
  /** The latent term: closed-form KL, or log p(z) − log q(z) at the draw. */
  readonly kl: "closed form" | "Monte Carlo" | "none";
  /** The log-density multiplier (plates with subsampling). */
  readonly scale: number;
  /** The enclosing plates, innermost first, with their sizes. */
  readonly plates: readonly string[];
}

/**
 * The plan of one latent or observed site under an objective.
 *
 * @example
 * ```ts
 * planSite(modelTrace.get("z")!, guideTrace.get("z"), elbo()); // { estimator: "pathwise", kl: "closed form", … }
 * ```
 */
export function planSite(modelSite: TraceSite, guideSite: TraceSite | undefined, objective: Objective): SitePlan {
  const plates = modelSite.plates.map((p) => `${p.name}(${p.subsampleSize}/${p.size} at dim ${p.dim})`);
  if (modelSite.isObserved || guideSite === undefined) {
    return { name: modelSite.name, role: "observed", model: modelSite.fn.name, guide: undefined, estimator: "none", kl: "none", scale: modelSite.scale, plates };
  }
  const estimator = guideSite.fn.hasRsample ? "pathwise" : "score-function";
  const closed =
    objective.kind === "elbo" &&
    objective.analyticKL &&
    modelSite.infer.analyticKL !== false &&
    guideSite.infer.analyticKL !== false &&
    estimator === "pathwise" &&
    hasKL(guideSite.fn, modelSite.fn);
  return {
    name: modelSite.name,
    role: "latent",
    model: modelSite.fn.name,
    guide: guideSite.fn.name,
    estimator,
    kl: closed ? "closed form" : "Monte Carlo",
    scale: modelSite.scale,
    plates,
  };
}

/**
 * The plan of every model site, in the model's order.
 *
 * @example
 * ```ts
 * planOf(traceParticle(m.program, g.program, args, ctx), elbo());
 * ```
 */
export function planOf(traces: ParticleTraces, objective: Objective): SitePlan[] {
  return [...traces.model.sites()].map((site) => planSite(site, traces.guide.get(site.name), objective));
}

/**
 * The plan as a table, for `svi.explain()`.
 *
 * @example
 * ```ts
 * console.log(formatPlan(svi.plan!, svi.objective));
 * ```
 */
export function formatPlan(plan: readonly SitePlan[], objective: Objective): string {
  const head =
    objective.kind === "elbo"
      ? `objective: ELBO, ${objective.particles} particle(s)${objective.stickTheLanding ? ", sticking the landing" : ""}${
          objective.klWeight === 1 ? "" : ", weighted latent terms (β)"
        }`
      : objective.kind === "iwae"
        ? `objective: IWAE, k = ${objective.particles}`
        : `objective: Rényi α = ${objective.alpha}, k = ${objective.particles}`;
  const rows = plan.map((s) =>
    s.role === "observed"
      ? `  ${s.name}: observed ${s.model}, log-likelihood × ${s.scale}${s.plates.length ? ` in ${s.plates.join(", ")}` : ""}`
      : `  ${s.name}: latent ${s.model}, guide ${s.guide}, ${s.estimator} gradient, ${s.kl} KL × ${s.scale}${
          s.plates.length ? ` in ${s.plates.join(", ")}` : ""
        }`,
  );
  return [head, ...rows].join("\n");
}
