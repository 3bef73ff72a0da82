/**
 * Finding where a non-finite loss came from.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { kl, hasKL } from "../kl/registry.js";
import type { ParticleTraces } from "./trace-elbo.js";

function range(t: tf.Tensor): string {
  const d = t.dataSync();
  let lo = Infinity;
  let hi = -Infinity;
  let nan = 0;
  for (const v of d) {
    if (Number.isNaN(v)) nan++;
    else {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return `range [${lo}, ${hi}]${nan > 0 ? `, ${nan} NaN of ${d.length}` : ""}`;
}

function finite(t: tf.Tensor): boolean {
  return t.dataSync().every((v) => Number.isFinite(v));
}

/**
 * Describe the first site whose term of the objective is NaN or infinite, with its value
 * range, or `undefined` when every term is finite.
 *
 * @example
 * ```ts
 * firstNonFiniteSite(traces, true); // "site 'x' (log-likelihood, Bernoulli): range [-Infinity, -0.2]"
 * ```
 */
export function firstNonFiniteSite(traces: ParticleTraces, analyticKL: boolean): string | undefined {
  return tf.tidy(() => {
    for (const site of traces.guide.sites()) {
      if (!finite(site.value)) return `guide site '${site.name}' drew a non-finite value (${range(site.value)})`;
    }
    for (const site of traces.model.sites()) {
      if (site.isObserved) {
        const lp = site.fn.logProb(site.value);
        if (!finite(lp)) return `site '${site.name}' (log-likelihood, ${site.fn.name}): ${range(lp)}`;
        continue;
      }
      const q = traces.guide.get(site.name);
      if (q === undefined) continue;
      if (analyticKL && site.infer.analyticKL !== false && hasKL(q.fn, site.fn)) {
        const k = kl(q.fn, site.fn);
        if (!finite(k)) return `site '${site.name}' (KL(${q.fn.name} ‖ ${site.fn.name})): ${range(k)}`;
      } else {
        const lp = site.fn.logProb(site.value);
        if (!finite(lp)) return `site '${site.name}' (log-prior, ${site.fn.name}): ${range(lp)}`;
        const lq = q.fn.logProb(q.value);
        if (!finite(lq)) return `site '${site.name}' (log-guide, ${q.fn.name}): ${range(lq)}`;
      }
    }
    return undefined;
  });
}
