/**
 * How the ELBOs of a dataset's batches add up to the ELBO of the whole dataset.
 *
 * @module
 */
import { OptionsError } from "../errors.js";
import type { ParticleTraces } from "./trace-elbo.js";

/**
 * How batch ELBO estimates combine into the dataset's ELBO:
 * - `"sum"`: the model's ELBO is a sum over examples (no plate is subsampled, no latent is
 *   shared by the examples), so the batch ELBOs add up;
 * - `"weighted mean"`: a subsampled plate scales every batch to an estimate of the whole
 *   dataset's ELBO, so the estimates are averaged, each weighted by its batch's size.
 */
export type BatchCombination = "sum" | "weighted mean";

/**
 * Decide from one batch's traces how batch ELBOs combine (see {@link BatchCombination}), and
 * name a latent shared by all examples when the model has one but no subsampled plate.
 *
 * Such a model (plates declared, a latent outside all of them, no plate subsampled) has an
 * ELBO that is neither a sum nor a mean over batches: its KL term would be counted once per
 * batch. `combination` is then `"sum"` and `sharedLatent` names the latent.
 *
 * @example
 * ```ts
 * batchCombinationOf(traceParticle(m.program, g.program, batch, ctx)).combination; // "sum" for a VAE
 * ```
 */
export function batchCombinationOf(traces: ParticleTraces): { combination: BatchCombination; sharedLatent?: string } {
  const sites = [...traces.model.sites()];
  if (sites.some((s) => s.plates.some((p) => p.subsampleSize < p.size))) return { combination: "weighted mean" };
  const anyPlate = sites.some((s) => s.plates.length > 0);
  const shared = sites.find((s) => !s.isObserved && s.plates.length === 0);
  return anyPlate && shared !== undefined ? { combination: "sum", sharedLatent: shared.name } : { combination: "sum" };
}

/**
 * {@link batchCombinationOf}, refusing a model whose batch ELBOs cannot be combined.
 *
 * @throws OptionsError naming `where` and the shared latent, with the two remedies
 * @example
 * ```ts
 * batchCombination("evaluate", traceParticle(m.program, g.program, batch, ctx)); // "sum" for a VAE
 * ```
 */
export function batchCombination(where: string, traces: ParticleTraces): BatchCombination {
  const { combination, sharedLatent } = batchCombinationOf(traces);
  if (sharedLatent !== undefined) {
    throw new OptionsError(
      where,
      `the model's latent '${sharedLatent}' is shared by all examples (it is outside every plate) and no plate is ` +
        `subsampled, so the ELBOs of separate batches cannot be added; evaluate in one batch ('batchSize' ≥ the ` +
        `number of examples), or give the data plate its full size and the batch's subsampleSize`,
    );
  }
  return combination;
}
