// Long runs keep memory flat: thousands of training steps, and inference calls in a loop, leave
// tf.memory().numTensors and tf.memory().numBytes exactly where they were once warmed up.
//
// A leak of even one small tensor per step shows: after 2,000 steps it is 1,900 tensors more at
// step 2,000 than at step 100.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { adam, compile, elbo, guide, iwae, latent, model, Normal, observe, param, plate, positive, renyi, tf, type SVI } from "latent";
import { data, trainer } from "./fixtures/train-and-checkpoint.js";

const N = 64;
const D = 3;
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Mem {
  readonly tensors: number;
  readonly bytes: number;
}

function mem(): Mem {
  const m = tf.memory();
  return { tensors: m.numTensors, bytes: m.numBytes };
}

// A small model with every kind of site the training loop handles: a global latent, a plate
// with subsampling (scaled likelihood), a real and a positive param.
function smallModel() {
  const m = model(function* ({ x }: { x: tf.Tensor2D }) {
    const z = yield* latent("z", Normal(0, 1).expand([D]).toEvent(1));
    yield* plate("data", { size: N, subsampleSize: x.shape[0] }, function* () {
      yield* observe("x", Normal(z, 1).expand([x.shape[0], D]).toEvent(1), x);
    });
  });
  const g = guide(m, function* () {
    const loc = yield* param("loc", () => tf.zeros([D]));
    const scale = yield* param("scale", () => tf.ones([D]), { constraint: positive });
    yield* latent("z", Normal(loc, scale).toEvent(1));
  });
  return { m, g };
}

// Deterministic data around (1, −2, 0.5).
function dataset(): tf.Tensor2D {
  const rows = Array.from({ length: N }, (_, i) => [1 + Math.sin(i), -2 + Math.cos(3 * i), 0.5 + Math.sin(7 * i) / 2]);
  return tf.tensor2d(rows);
}

function disposeSites(s: { values: Record<string, tf.Tensor>; means: Record<string, tf.Tensor> }): void {
  tf.dispose([...Object.values(s.values), ...Object.values(s.means)]);
}

describe("long runs keep tf.memory() flat", () => {
  it("2,000 training steps (1,600 through fit, 400 through step): the same numTensors and numBytes at step 100 as at every 100th step up to 2,000", () => {
    const { m, g } = smallModel();
    const svi = compile(m, g, { optimizer: adam(0.01), seed: 1 });
    const x = dataset();
    const batch = tf.slice(x, [0, 0], [8, D]) as tf.Tensor2D;
    const samples: Array<Mem & { step: number }> = [];
    let step = 0;
    let lastLoss = NaN;
    const record = () => {
      step += 1;
      if (step % 100 === 0) samples.push({ step, ...mem() });
    };
    const history = svi.fit({ x }, { epochs: 1600 / (N / 8), batchSize: 8, progress: false, onStep: record });
    for (let i = 0; i < 400; i++) {
      lastLoss = svi.step({ x: batch });
      record();
    }
    expect(svi.stepCount).toBe(2000);
    expect(samples.map((s) => s.step)).toEqual(Array.from({ length: 20 }, (_, i) => 100 * (i + 1)));
    const at100 = samples[0]!;
    // every sample equals step 100's: printed as [step, tensors, bytes] so a leak shows where it starts
    expect(samples.map((s) => [s.step, s.tensors, s.bytes])).toEqual(samples.map((s) => [s.step, at100.tensors, at100.bytes]));
    // it did train: finite losses and a better ELBO at the end than in the first epoch
    expect(Number.isFinite(lastLoss)).toBe(true);
    expect(history.at(-1)!.elboPerExample).toBeGreaterThan(history[0]!.elboPerExample);
    console.log(`[long-run-memory] 2,000 steps: ${at100.tensors} tensors, ${at100.bytes} bytes at every 100th step`);
    svi.dispose();
    tf.dispose([x, batch]);
  });

  it("other objectives and the tiny VAE (networks registered with module) stay flat too", () => {
    const { m, g } = smallModel();
    const x = dataset();
    const batch = tf.slice(x, [0, 0], [8, D]) as tf.Tensor2D;
    const flat = (svi: SVI<{ x: tf.Tensor2D }>, args: { x: tf.Tensor2D }, steps: number): Mem[] => {
      const out: Mem[] = [];
      for (let i = 1; i <= steps; i++) {
        svi.step(args);
        if (i % 25 === 0) out.push(mem());
      }
      return out;
    };
    for (const objective of [elbo({ particles: 2, analyticKL: false }), iwae({ particles: 2 }), renyi({ alpha: 0.5, particles: 2 })]) {
      const svi = compile(m, g, { objective, optimizer: adam(0.01), seed: 2 });
      const seen = flat(svi, { x: batch }, 75);
      expect(seen, objective.kind).toEqual(seen.map(() => seen[0]));
      svi.dispose();
    }
    const vae = trainer(3, 0);
    const pixels = data(16);
    const seen = flat(vae.svi as unknown as SVI<{ x: tf.Tensor2D }>, { x: pixels }, 75);
    expect(seen).toEqual(seen.map(() => seen[0]));
    vae.dispose();
    tf.dispose([x, batch, pixels]);
  });

  it("posterior, predict, generate, evaluate, save and load in a loop leak nothing", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latent-mem-"));
    dirs.push(dir);
    const file = path.join(dir, "ckpt.json");
    const { svi, dispose } = trainer(4, 0);
    const x = data(16);
    for (let i = 0; i < 20; i++) svi.step({ x });
    const round = async () => {
      disposeSites(svi.posterior({ x }));
      disposeSites(svi.predict({ x }));
      disposeSites(svi.predict({ x }, { from: "posterior" }));
      disposeSites(svi.generate(5));
      const e = svi.evaluate({ x }, { batchSize: 6, particles: 2 });
      expect(Number.isFinite(e.elbo)).toBe(true);
    };
    await round(); // warm-up: anything created once (caches, kernels) is created here
    const baseline = mem();
    const seen: Mem[] = [];
    for (let i = 1; i <= 100; i++) {
      await round();
      if (i % 25 === 0) seen.push(mem());
    }
    expect(seen).toEqual(seen.map(() => baseline));
    for (let i = 0; i < 10; i++) {
      await svi.save(file);
      await svi.load(file);
    }
    expect(mem()).toEqual(baseline);
    // and the model still trains after all that
    expect(Number.isFinite(svi.step({ x }))).toBe(true);
    dispose();
    x.dispose();
  });
});
