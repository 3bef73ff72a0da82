// Simulation-based calibration of an amortized guide for the Normal–Normal model, trained
// briefly; and SBC catching a guide that is too narrow.
import { describe, expect, it } from "vitest";
import { adam, compile, guide, latent, model, Normal, observe, param, positive, RandomStream, tf } from "latent";
import { simulationBasedCalibration } from "latent/testing";

const N_OBS = 4;

// z ~ N(0, 1), x_ij ~ N(z_i, 1) for m datasets of N_OBS points; the exact posterior is
// N(Σ_j x_ij / (N_OBS + 1), 1 / (N_OBS + 1)), inside the guide's family (linear in Σx).
const normalNormal = model(function* ({ x }: { x: tf.Tensor2D }) {
  const z = yield* latent("z", Normal(0, 1).expand([x.shape[0]]));
  yield* observe("x", Normal(tf.reshape(z, [-1, 1]), 1).expand([x.shape[0], N_OBS]).toEvent(1), x);
});

function amortized() {
  return guide(normalNormal, function* ({ x }) {
    const w = yield* param("w", 0.5);
    const b = yield* param("b", 0.3);
    const s = yield* param("s", 1, { constraint: positive });
    const loc = tf.add(tf.mul(tf.sum(x, 1), w), b);
    yield* latent("z", Normal(loc, s).expand([x.shape[0]]));
  });
}

function simulate(rng: RandomStream, m: number): { z: number[]; x: tf.Tensor2D } {
  const normal = () => Math.sqrt(-2 * Math.log(rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
  const z = Array.from({ length: m }, normal);
  const x = tf.tensor2d(z.flatMap((zi) => Array.from({ length: N_OBS }, () => zi + normal())), [m, N_OBS]);
  return { z, x };
}

function trained() {
  const svi = compile(normalNormal, amortized(), { optimizer: adam(0.05), seed: 3 });
  const rng = new RandomStream(11);
  for (let i = 0; i < 400; i++) {
    const { x } = simulate(rng, 64);
    svi.step({ x });
    x.dispose();
  }
  return svi;
}

function sbcFor(svi: ReturnType<typeof trained>) {
  return simulationBasedCalibration({
    simulations: 200,
    draws: 19,
    simulate: (seed) => {
      const { z, x } = simulate(new RandomStream(seed), 1);
      return { truth: { z }, args: { x } };
    },
    // One encoder pass per dataset: the dataset repeated L times gives L guide draws.
    posterior: ({ x }, L) => {
      const rep = tf.tile(x, [L, 1]) as tf.Tensor2D;
      const { values, means } = svi.posterior({ x: rep });
      const draws = Array.from(values.z.dataSync()).map((v) => [v]);
      tf.dispose([rep, x, values.z, means.z]);
      return { z: draws };
    },
  });
}

describe("simulationBasedCalibration", () => {
  it("passes for the amortized Normal–Normal guide after brief training", () => {
    const ranks = sbcFor(trained());
    expect(ranks["z"]![0]).toHaveLength(200);
  });
  it("fails for a guide whose scale is a third of what it learned", () => {
    const svi = trained();
    // shrink the learned scale: ranks of the truth pile up at 0 and L
    const s = svi.params.variables().get("s")!;
    tf.tidy(() => s.assign(tf.log(tf.expm1(tf.div(tf.softplus(s), 3)))));
    expect(() => sbcFor(svi)).toThrow(/ranks of the true 'z' among posterior draws are not uniform/);
  });
});
