import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { adam, compile, guide, latent, model, Normal, observe, OptionsError, param, readCheckpoint, tf } from "latent";

const m = model(function* ({ x }: { x: tf.Tensor1D }) {
  const mu = yield* latent("mu", Normal(0, 10));
  yield* observe("x", Normal(mu, 1).expand([x.shape[0]]), x);
});
const g = guide(m, function* () {
  const loc = yield* param("loc", 0);
  yield* latent("mu", Normal(loc, 0.1));
});
const x = tf.tensor1d(Array.from({ length: 40 }, (_, i) => 3 + Math.sin(i)));

describe("fit options", () => {
  it("early stopping ends training once the held-out ELBO stops improving", () => {
    const svi = compile(m, g, { optimizer: adam(0.5), seed: 1 });
    const history = svi.fit({ x }, { epochs: 200, batchSize: 40, progress: false, validation: { x }, patience: 3 });
    expect(history.length).toBeLessThan(200);
    const v = history.map((h) => h.validationElbo!);
    const best = Math.max(...v);
    // the last `patience` epochs did not beat the best before them
    expect(Math.max(...v.slice(-3))).toBeLessThanOrEqual(best);
    expect(v.indexOf(best)).toBe(v.length - 4);
  });

  it("writes a checkpoint every N epochs, atomically, that loads", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latent-fit-"));
    const file = path.join(dir, "ckpt.json");
    const svi = compile(m, g, { optimizer: adam(0.1), seed: 2 });
    svi.fit({ x }, { epochs: 4, batchSize: 10, progress: false, checkpoint: file, checkpointEvery: 2 });
    expect(readdirSync(dir)).toEqual(["ckpt.json"]);
    const data = await readCheckpoint(file);
    expect(data.step).toBe(16);
    expect([...data.params.keys()]).toEqual(["loc"]);
    tf.dispose([...data.params.values(), ...data.optimizer.values()]);
  });

  it("a learning-rate schedule and gradient clipping change the update as stated", async () => {
    // One Adam step moves a parameter by lr·m̂/(√v̂ + ε) ≈ lr·sign(g) on step 1, whatever |g|.
    const first = (opt: ReturnType<typeof adam>) => {
      const svi = compile(m, g, { optimizer: opt, seed: 3 });
      svi.step({ x });
      return svi.params.variables().get("loc")!.dataSync()[0]!;
    };
    expect(first(adam(0.25))).toBeCloseTo(0.25, 4);
    expect(first(adam((step) => (step === 1 ? 0.05 : 1)))).toBeCloseTo(0.05, 4);
    // Clipping: after one step Adam's first moment is (1 − β₁)·g; with ‖g‖ clipped to 1e-3 it
    // is 0.1 · 1e-3 · sign(g) exactly in size (the gradient here is ≈ −(Σx − 40·loc), far above 1e-3).
    const dir = mkdtempSync(path.join(tmpdir(), "latent-clip-"));
    const svi = compile(m, g, { optimizer: adam(0.25, { clipNorm: 1e-3 }), seed: 3 });
    svi.step({ x });
    svi.saveSync(path.join(dir, "c.json"));
    return readCheckpoint(path.join(dir, "c.json")).then((data) => {
      const moment = data.optimizer.get("m/loc")!.dataSync()[0]!;
      expect(Math.abs(moment)).toBeCloseTo(1e-4, 9);
      tf.dispose([...data.params.values(), ...data.optimizer.values()]);
    });
  });

  it("refuses bad optimizer and fit options", () => {
    expect(() => adam(-1)).toThrow(OptionsError);
    expect(() => adam((step) => -step)).toThrow("adam: 'learningRate(1)' must be in (0, Infinity), got -1");
    expect(() => compile(m, g, {}).fit({ x }, { patience: 2 })).toThrow("fit: 'patience' needs 'validation' data to watch");
  });
});
