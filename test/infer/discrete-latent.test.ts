// A discrete latent trained with score-function gradients reaches its exact posterior.
import { describe, expect, it } from "vitest";
import { adam, Bernoulli, compile, guide, latent, model, Normal, observe, param, tf } from "latent";

describe("a Bernoulli latent with a Bernoulli guide (score-function gradients)", () => {
  it("learns the exact posterior P(c = 1 | x)", () => {
    // c ~ Bernoulli(½), x ~ N(3c, 1), x = 2.5: P(c = 1 | x) = e^{−1/8} / (e^{−1/8} + e^{−25/8})
    const m = model(function* () {
      const c = yield* latent("c", Bernoulli({ probs: 0.5 }));
      yield* observe("x", Normal(tf.mul(c, 3), 1), tf.scalar(2.5));
    });
    const g = guide(m, function* () {
      const l = yield* param("l", 0);
      yield* latent("c", Bernoulli({ logits: l }));
    });
    const svi = compile(m, g, { optimizer: adam(0.05), seed: 1 });
    for (let i = 0; i < 1500; i++) svi.step({});
    expect(svi.plan![0]!.estimator).toBe("score-function");
    const l = svi.params.variables().get("l")!.dataSync()[0]!;
    const exact = Math.exp(-1 / 8) / (Math.exp(-1 / 8) + Math.exp(-25 / 8));
    // Seeded, so deterministic. At the optimum Adam (lr 0.05) keeps the logit moving by about
    // ±0.05 per step under the estimator's noise: 0.02 in probability (the slope of σ there is
    // 0.045) is a few such steps; an estimator without the score term would not move from ½.
    expect(Math.abs(1 / (1 + Math.exp(-l)) - exact)).toBeLessThan(0.02);
  });
});
