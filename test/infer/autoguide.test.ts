import { describe, expect, it } from "vitest";
import { adam, autoDelta, autoNormal, compile, HalfNormal, latent, model, Normal, observe, tf } from "latent";

const xs = [2.1, 1.7, 2.6, 1.9, 2.4, 2.2, 1.8, 2.5];
const regression = model(function* ({ x }: { x: tf.Tensor1D }) {
  const mu = yield* latent("mu", Normal(0, 10));
  yield* observe("x", Normal(mu, 0.5).expand([x.shape[0]]), x);
});

describe("autoguides", () => {
  const x = tf.tensor1d(xs);
  // Normal–Normal posterior: precision 1/100 + n/0.25, mean (Σx/0.25)/precision
  const prec = 1 / 100 + xs.length / 0.25;
  const postMean = xs.reduce((a, b) => a + b, 0) / 0.25 / prec;
  const postSd = Math.sqrt(1 / prec);

  it("autoNormal recovers the conjugate posterior from a perturbed start", () => {
    const svi = compile(regression, autoNormal(regression, { init: { mu: -3 }, initScale: 1 }), { optimizer: adam(0.05), seed: 1 });
    for (let i = 0; i < 1500; i++) svi.step({ x });
    const vars = svi.params.variables();
    const loc = vars.get("auto.mu.loc")!.dataSync()[0]!;
    const scale = tf.tidy(() => tf.softplus(vars.get("auto.mu.scale")!).dataSync()[0]!);
    // Adam with lr 0.05 keeps jittering at the optimum by about lr·(noise): tolerances 0.05
    // absolute on the mean (posterior sd 0.18) and 25% on the sd.
    expect(Math.abs(loc - postMean)).toBeLessThan(0.05);
    expect(Math.abs(scale - postSd) / postSd).toBeLessThan(0.25);
    expect(svi.explain()).toContain("mu: latent Normal, guide Independent(Normal), pathwise gradient");
  });

  it("autoDelta finds the MAP estimate", () => {
    const svi = compile(regression, autoDelta(regression, { init: "mean" }), { optimizer: adam(0.05), seed: 2 });
    for (let i = 0; i < 800; i++) svi.step({ x });
    const loc = svi.params.variables().get("auto.mu.loc")!.dataSync()[0]!;
    // the MAP of a Normal posterior is its mean; the Delta guide's gradient is deterministic
    expect(Math.abs(loc - postMean)).toBeLessThan(1e-3);
  });

  it("proposes constrained latents inside their support (softplus for positive)", () => {
    const m = model(function* ({ x }: { x: tf.Tensor1D }) {
      const s = yield* latent("s", HalfNormal(2));
      yield* observe("x", Normal(0, s).expand([x.shape[0]]), x);
    });
    const svi = compile(m, autoNormal(m), { optimizer: adam(0.05), seed: 3 });
    for (let i = 0; i < 200; i++) svi.step({ x: tf.tensor1d([0.5, -1.2, 0.8]) });
    const { values } = svi.posterior({ x: tf.tensor1d([0]) });
    expect(values.s.dataSync()[0]!).toBeGreaterThan(0);
    expect(svi.plan![0]!.guide).toBe("Transformed(Independent(Normal))");
  });
});
