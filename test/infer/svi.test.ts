import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  adam, Bernoulli, compile, elbo, guide, latent, mlp, model, module, ModelStructureError, Normal, observe, param,
  plate, positive, ShapeError, softplus, tf, OptionsError, NonFiniteError, RandomStream, estimateElbo,
} from "latent";

// A small VAE (8 pixels, 2 latents) so training steps are cheap on the cpu backend.
function tinyVae(seed = 0) {
  const encoder = mlp([8, 16, 4], { seed });
  const decoder = mlp([2, 16, 8], { seed: seed + 1 });
  const vae = model(function* ({ x }: { x: tf.Tensor2D }) {
    const decode = yield* module("decoder", decoder);
    const z = yield* latent("z", Normal(0, 1).expand([x.shape[0], 2]).toEvent(1));
    yield* observe("x", Bernoulli({ logits: decode(z) }).toEvent(1), x);
  });
  const q = guide(vae, function* ({ x }) {
    const encode = yield* module("encoder", encoder);
    const [loc, raw] = tf.split(encode(x), 2, 1);
    yield* latent("z", Normal(loc!, tf.add(softplus(raw!), 1e-3)).toEvent(1));
  });
  return { vae, q, encoder, decoder };
}

function data(n: number): tf.Tensor2D {
  // a fixed pattern: two prototypes with flipped bits, deterministic
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from({ length: 8 }, (_, j) => ((i % 2 === 0) !== (j < 4) ? 1 : 0) ^ (j === i % 8 ? 1 : 0)));
  return tf.tensor2d(rows);
}

describe("SVI on a small VAE", () => {
  it("keeps tf.memory().numTensors flat: the same after step 10 and step 100", () => {
    const { vae, q } = tinyVae();
    const svi = compile(vae, q, { optimizer: adam(1e-2) });
    const x = data(32);
    let at10 = -1;
    for (let i = 1; i <= 100; i++) {
      svi.step({ x });
      if (i === 10) at10 = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(at10);
    x.dispose();
  });

  it("learns: the held-out ELBO improves by training, and fit reports per-epoch records", () => {
    const { vae, q } = tinyVae();
    const svi = compile(vae, q, { optimizer: adam(1e-2), seed: 1 });
    const x = data(64);
    const before = svi.evaluate({ x }, { particles: 20 }).elboPerExample;
    const history = svi.fit({ x }, { epochs: 30, batchSize: 16, progress: false });
    const after = svi.evaluate({ x }, { particles: 20 }).elboPerExample;
    expect(history).toHaveLength(30);
    expect(svi.stepCount).toBe(30 * 4);
    // 8 Bernoulli pixels of two prototypes: a trained model explains most of them. The bound
    // starts near 8·log 2 ≈ 5.5 nats below 0 and must gain at least 1.5 nats.
    expect(after).toBeGreaterThan(before + 1.5);
    x.dispose();
  });

  it("is reproducible: the same seed gives bit-identical losses, another seed differs", () => {
    const run = (seed: number) => {
      const { vae, q } = tinyVae();
      const svi = compile(vae, q, { optimizer: adam(1e-2), seed });
      const x = data(16);
      const losses = Array.from({ length: 5 }, () => svi.step({ x }));
      x.dispose();
      return losses;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it("save and load restore parameters, optimizer state and random state exactly", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latent-"));
    const file = path.join(dir, "ckpt.json");
    const x = data(16);
    const a = tinyVae(5);
    const svi = compile(a.vae, a.q, { optimizer: adam(1e-2), seed: 9 });
    for (let i = 0; i < 3; i++) svi.step({ x });
    await svi.save(file);
    const continued = Array.from({ length: 3 }, () => svi.step({ x }));
    // A fresh model with other initial weights, loaded before any step, continues identically.
    const b = tinyVae(77);
    const resumed = compile(b.vae, b.q, { optimizer: adam(1e-2), seed: 0 });
    await resumed.load(file);
    const again = Array.from({ length: 3 }, () => resumed.step({ x }));
    expect(again).toEqual(continued);
    expect(resumed.stepCount).toBe(6);
    expect(readdirSync(dir)).toEqual(["ckpt.json"]); // no temporary file left behind
    x.dispose();
  });

  it("refuses a checkpoint of a different model, listing mismatched names and shapes", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latent-"));
    const file = path.join(dir, "ckpt.json");
    const x = data(8);
    const a = tinyVae();
    const svi = compile(a.vae, a.q, {});
    svi.step({ x });
    await svi.save(file);
    const other = mlp([2, 5, 8]);
    const m2 = model(function* ({ x }: { x: tf.Tensor2D }) {
      const decode = yield* module("decoder", other);
      const z = yield* latent("z", Normal(0, 1).expand([x.shape[0], 2]).toEvent(1));
      yield* observe("x", Bernoulli({ logits: decode(z) }).toEvent(1), x);
    });
    const g2 = guide(m2, function* ({ x }) {
      yield* latent("z", Normal(tf.zeros([x.shape[0], 2]), 1).toEvent(1));
    });
    const wrong = compile(m2, g2, {});
    await wrong.load(file);
    expect(() => wrong.step({ x })).toThrow(ShapeError);
    expect(() => wrong.step({ x })).toThrow(/'decoder\.0\.weight' has shape \[2,16\], expected \[2,5\].*unexpected 'encoder\.0\.weight'/);
    x.dispose();
  });

  it("posterior, predict and generate return tensors of the right shapes, without leaks", () => {
    const { vae, q } = tinyVae();
    const svi = compile(vae, q, {});
    const x = data(6);
    svi.step({ x });
    const before = tf.memory().numTensors;
    const post = svi.posterior({ x });
    expect(post.values.z.shape).toEqual([6, 2]);
    expect(post.means.z.shape).toEqual([6, 2]);
    const recon = svi.predict({ x }, { from: "posterior" });
    expect(recon.means.x!.shape).toEqual([6, 8]);
    const gen = svi.generate(11);
    expect(gen.values.x!.shape).toEqual([11, 8]);
    expect(gen.values.z!.shape).toEqual([11, 2]);
    const pix = gen.values.x!.dataSync();
    expect(pix.every((v) => v === 0 || v === 1)).toBe(true);
    tf.dispose([post, recon, gen].flatMap((s) => [...Object.values(s.values), ...Object.values(s.means)]));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe("plates and parameters", () => {
  it("subsampling scales the likelihood by N / batch: the gradient is unbiased for the full data", () => {
    // z ~ N(0, 1), x_i ~ N(z, 1); guide N(m, 1) at m = 0 with analytic KL:
    // d ELBO/dm = Σ_i (x_i − m) − m. With a batch B of N, scaled by N/B, it is (N/B) Σ_B x_i.
    const xs = [0.5, -1, 2, 3];
    const N = xs.length;
    const m = model(function* ({ x }: { x: tf.Tensor1D }) {
      const z = yield* latent("z", Normal(0, 1));
      yield* plate("data", { size: N, subsampleSize: x.shape[0] }, function* () {
        yield* observe("x", Normal(z, 1).expand([x.shape[0]]), x);
      });
    });
    const g = guide(m, function* () {
      const loc = yield* param("loc", 0);
      yield* latent("z", Normal(loc, 1e-6));
    });
    const svi = compile(m, g, { optimizer: adam(1e-9) });
    const batch = tf.tensor1d([xs[1]!, xs[2]!]);
    svi.step({ x: batch }); // creates 'loc'
    const loc = svi.params.variables().get("loc")!;
    const grad = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const ctx = { store: svi.params, rng: new RandomStream(1) };
        return tf.neg(estimateElbo(m.program, g.program, { x: batch }, ctx, elbo()));
      }, [loc]);
      return grads[loc.name]!.dataSync()[0]!;
    });
    // With the guide's scale 1e-6, z = m + 1e-6·ε, and d(−ELBO)/dm = −[(N/B)·Σ_B (x_i − z) − m]
    // (the KL term contributes m). After one step of size 1e-9, m ≈ 1e-9, so this is
    // −(4/2)·(−1 + 2) = −2 up to 1e-5. Without the N/B scale it would be −1.
    expect(grad).toBeCloseTo(-2, 5);
    batch.dispose();
  });

  it("a positive param stays positive and is stored unconstrained", () => {
    const m = model(function* () {
      yield* latent("w", Normal(0, 1));
    });
    const g = guide(m, function* () {
      const s = yield* param("s", 0.5, { constraint: positive });
      yield* latent("w", Normal(0, s));
    });
    const svi = compile(m, g, { optimizer: adam(0.5) });
    for (let i = 0; i < 50; i++) svi.step({});
    const raw = svi.params.variables().get("s")!;
    const s = softplus(raw);
    expect(s.dataSync()[0]!).toBeGreaterThan(0);
    s.dispose();
  });

  it("a plate whose batch dimension does not fit its site names the site and both sizes", () => {
    const m = model(function* ({ x }: { x: tf.Tensor1D }) {
      const z = yield* latent("z", Normal(0, 1));
      yield* plate("data", x.shape[0], function* () {
        yield* observe("x", Normal(z, 1).expand([3]), tf.zeros([3]));
      });
    });
    const g = guide(m, function* () {
      yield* latent("z", Normal(0, 1));
    });
    const svi = compile(m, g, {});
    expect(() => svi.step({ x: tf.zeros([5]) as tf.Tensor1D })).toThrow(
      "site 'x': inside plate 'data' (size 5 at batch dim -1) its batch shape is [3]",
    );
  });
});

describe("run-time errors name the site, what was expected and what was received", () => {
  const vae = tinyVae();
  it("observed data of the wrong shape", () => {
    const svi = compile(vae.vae, vae.q, {});
    expect(() => svi.step({ x: tf.zeros([4, 7]) as tf.Tensor2D })).toThrow(/mlp: input must be a tensor with last dimension 8/);
    const m = model(function* ({ x }: { x: tf.Tensor2D }) {
      yield* observe("x", Bernoulli({ probs: 0.5 }).expand([4, 8]).toEvent(1), x);
    });
    const g = guide(m, function* () {});
    const s2 = compile(m, g, {});
    expect(() => s2.step({ x: tf.zeros([4, 7]) as tf.Tensor2D })).toThrow(ShapeError);
    expect(() => s2.step({ x: tf.zeros([4, 7]) as tf.Tensor2D })).toThrow(
      "observe 'x': value has shape [4,7], expected [4,8] (batch [4] + event [8] of Independent(Bernoulli))",
    );
    expect(() => s2.step({ x: tf.fill([4, 8], 2) as tf.Tensor2D })).toThrow("observe 'x': value must be 0 or 1, got 2 at [0,0]");
  });

  it("a guide missing a latent, through the untyped escape hatch (dynamic names)", () => {
    const name: string = ["z"].join("");
    const m = model(function* () {
      yield* latent(name, Normal(0, 1));
    });
    const g = guide(m, function* () {});
    const svi = compile(m, g, {});
    expect(() => svi.step({})).toThrow(ModelStructureError);
    expect(() => svi.step({})).toThrow("compile: guide has no site 'z', which the model declares latent (Normal)");
  });

  it("a guide site the model lacks, a guide sampling an observed site, duplicate names", () => {
    const dyn = (s: string): string => s;
    const m = model(function* () {
      yield* latent(dyn("z"), Normal(0, 1));
      yield* observe("x", Normal(0, 1), tf.scalar(0.3));
    });
    const extra = guide(m, function* () {
      yield* latent(dyn("z"), Normal(0, 1));
      yield* latent(dyn("w"), Normal(0, 1));
    });
    expect(() => compile(m, extra, {}).step({})).toThrow("compile: guide has site 'w', which the model lacks");
    const observed = guide(m, function* () {
      yield* latent(dyn("z"), Normal(0, 1));
      yield* latent(dyn("x"), Normal(0, 1));
    });
    expect(() => compile(m, observed, {}).step({})).toThrow("compile: guide samples 'x', which the model observes");
    const twice = guide(m, function* () {
      yield* latent(dyn("z"), Normal(0, 1));
      yield* latent(dyn("z"), Normal(0, 1));
    });
    expect(() => compile(m, twice, {}).step({})).toThrow("site 'z': the name is used twice in one run");
  });

  it("a guide value whose shape differs from the model's site", () => {
    const m = model(function* () {
      yield* latent("z", Normal(0, 1).expand([3]).toEvent(1));
    });
    const g = guide(m, function* () {
      yield* latent("z", Normal(tf.zeros([4]), 1).toEvent(1));
    });
    expect(() => compile(m, g, {}).step({})).toThrow(
      "site 'z': the guide's value has shape [4], but the model's Independent(Normal) expects [3] (batch [], event [3])",
    );
  });

  it("a network used without module() is caught on the first step", () => {
    const net = mlp([1, 3, 1]);
    const m = model(function* ({ x }: { x: tf.Tensor2D }) {
      const z = yield* latent("z", Normal(0, 1).expand([x.shape[0], 1]).toEvent(1));
      yield* observe("x", Normal(net(z), 1).toEvent(1), x);
    });
    const g = guide(m, function* ({ x }) {
      yield* latent("z", Normal(tf.zeros([x.shape[0], 1]), 1).toEvent(1));
    });
    expect(() => compile(m, g, {}).step({ x: tf.zeros([2, 1]) as tf.Tensor2D })).toThrow(/no module or param site declares/);
  });

  it("a NaN loss names the first bad site and leaves the parameters untouched", () => {
    const m = model(function* ({ x }: { x: tf.Tensor1D }) {
      const z = yield* latent("z", Normal(0, 1));
      yield* observe("x", Normal(z, 1).expand([x.shape[0]]), x);
    });
    const g = guide(m, function* () {
      const loc = yield* param("loc", 0);
      yield* latent("z", Normal(loc, 1));
    });
    const svi = compile(m, g, {});
    svi.step({ x: tf.tensor1d([1]) });
    const before = svi.params.variables().get("loc")!.dataSync()[0];
    // 1e30 is finite (so the data passes validation) but its square overflows float32.
    expect(() => svi.step({ x: tf.tensor1d([1e30]) })).toThrow(NonFiniteError);
    expect(() => svi.step({ x: tf.tensor1d([1e30]) })).toThrow(
      /step 2: loss is Infinity; site 'x' \(log-likelihood, Normal\): range \[-Infinity, -Infinity\]; the parameters were not updated/,
    );
    expect(svi.params.variables().get("loc")!.dataSync()[0]).toBe(before);
  });

  it("bad options and data", () => {
    expect(() => elbo({ particles: 0 })).toThrow("elbo: 'particles' must be a positive integer, got 0");
    expect(() => elbo({ particle: 2 } as never)).toThrow("elbo: unknown option 'particle'");
    expect(() => adam(-1)).toThrow(OptionsError);
    const svi = compile(vae.vae, vae.q, {});
    expect(() => svi.fit({ x: tf.zeros([0, 8]) as tf.Tensor2D })).toThrow("fit: data is empty (0 examples)");
    expect(() => svi.fit({ x: tf.zeros([4, 8]) as tf.Tensor2D }, { batchSize: 5 })).toThrow(
      "fit: 'batchSize' 5 is larger than the dataset (4 examples)",
    );
    expect(() => svi.fit({ x: tf.zeros([4, 8]) as tf.Tensor2D }, { epoch: 1 } as never)).toThrow("fit: unknown option 'epoch'");
    // a bad value far from the first batch is still found: the whole dataset is checked once
    const bad = data(64).bufferSync();
    bad.set(2, 50, 3);
    expect(() => svi.fit({ x: bad.toTensor() }, { batchSize: 8, shuffle: false, progress: false })).toThrow(
      "fit: data 'x': every value must be 0 or 1, got 2 at [50,3]",
    );
  });
});

describe("run-time support check for dynamic names", () => {
  it("refuses a guide whose support differs from the model's, naming both", async () => {
    const { HalfNormal } = await import("latent");
    const name: string = ["s"].join("");
    const m = model(function* () {
      yield* latent(name, HalfNormal(1));
    });
    const g = guide(m, function* () {
      yield* latent(name, Normal(0, 1));
    });
    expect(() => compile(m, g, {}).step({})).toThrow(
      "site 's': the model's HalfNormal has support positive (positive), but the guide's Normal has support real (a finite real number)",
    );
  });
});
