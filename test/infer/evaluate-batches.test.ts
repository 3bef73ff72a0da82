// svi.evaluate in batches gives the ELBO of the whole dataset: batch ELBOs are added up for a model
// whose ELBO is a sum over examples, averaged for one whose plate is subsampled, and refused when the
// model shares a latent across examples without saying how the batches relate to the whole.
import { describe, expect, it } from "vitest";
import { adam, compile, Delta, elbo, guide, latent, model, Normal, observe, OptionsError, param, plate, tf } from "latent";

const xs = Array.from({ length: 12 }, (_, i) => Math.sin(3 * i) * 2);
const x = () => tf.tensor1d(xs);
const normal64 = (v: number, m: number, s: number) => -0.5 * ((v - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

describe("evaluate in batches", () => {
  it("averages the batches of a subsampled plate, weighted by size: the one-pass ELBO (point-mass guide, so exact)", () => {
    const m = model(function* ({ x, n }: { x: tf.Tensor1D; n: number }) {
      const mu = yield* latent("mu", Normal(0, 2));
      yield* plate("data", { size: n, subsampleSize: x.shape[0] }, function* () {
        yield* observe("x", Normal(mu, 1).expand([x.shape[0]]), x);
      });
    });
    const g = guide(m, function* () {
      const v = yield* param("mu.value", 0.7);
      yield* latent("mu", Delta(v));
    });
    const svi = compile(m, g, { objective: elbo(), optimizer: adam(0.01) });
    const data = { x: x(), n: xs.length };
    const onePass = svi.evaluate(data).elbo;
    // subsampleSize follows the batch: each batch's ELBO is (n/B)·Σ_batch log p(x|μ) + log p(μ)
    const batched = svi.evaluate(data, { batchSize: 5 }).elbo;
    const exact = xs.reduce((a, v) => a + normal64(v, Math.fround(0.7), 1), 0) + normal64(Math.fround(0.7), 0, 2);
    // float32 sums of ≤ 13 terms of size ≤ 12: a few hundred ulps of 1 at most
    expect(Math.abs(onePass - exact)).toBeLessThan(1e-4);
    expect(Math.abs(batched - exact)).toBeLessThan(1e-4);
    // fit's per-epoch figure combines its steps the same way (a learning rate of 1e-20 leaves μ at 0.7 in float32)
    const slow = compile(m, g, { objective: elbo(), optimizer: adam(1e-20) });
    const [record] = slow.fit(data, { epochs: 1, batchSize: 5, progress: false });
    expect(Math.abs(record!.elboPerExample - exact / xs.length)).toBeLessThan(1e-5);
    slow.dispose();
    svi.dispose();
    data.x.dispose();
  });

  it("adds up the batches of a model whose ELBO is a sum over examples (local latents, no plates)", () => {
    const m = model(function* ({ x }: { x: tf.Tensor1D }) {
      const z = yield* latent("z", Normal(0, 1).expand([x.shape[0]]));
      yield* observe("x", Normal(z, 1), x);
    });
    const g = guide(m, function* ({ x }: { x: tf.Tensor1D }) {
      yield* latent("z", Delta(tf.mul(x, 0.5)));
    });
    const svi = compile(m, g, { objective: elbo(), optimizer: adam(0.01) });
    const data = { x: x() };
    const exact = xs.reduce((a, v) => a + normal64(Math.fround(v * 0.5), 0, 1) + normal64(v, Math.fround(v * 0.5), 1), 0);
    expect(Math.abs(svi.evaluate(data).elbo - exact)).toBeLessThan(1e-4);
    expect(Math.abs(svi.evaluate(data, { batchSize: 5 }).elbo - exact)).toBeLessThan(1e-4);
    svi.dispose();
    data.x.dispose();
  });

  it("refuses to add up batches of a model with a latent shared by the examples and no subsampled plate, naming it", () => {
    const m = model(function* ({ x }: { x: tf.Tensor1D }) {
      const mu = yield* latent("mu", Normal(0, 2));
      yield* plate("data", x.shape[0], function* () {
        yield* observe("x", Normal(mu, 1).expand([x.shape[0]]), x);
      });
    });
    const g = guide(m, function* () {
      yield* latent("mu", Delta(yield* param("mu.value", 0.7)));
    });
    const svi = compile(m, g, { objective: elbo(), optimizer: adam(0.01) });
    const data = { x: x() };
    expect(Number.isFinite(svi.evaluate(data).elbo)).toBe(true);
    expect(() => svi.evaluate(data, { batchSize: 5 })).toThrow(OptionsError);
    expect(() => svi.evaluate(data, { batchSize: 5 })).toThrow("evaluate: the model's latent 'mu' is shared by all examples");
    svi.dispose();
    data.x.dispose();
  });
});
