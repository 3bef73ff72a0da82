// The kit catches real bugs: each planted defect below makes the matching check fail, and the
// correct version passes the same check.
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  guide, kl, latent, model, Normal, NormalDistribution, observe, positive, real, stopGradient, tf, traceParticle,
  type RunContext, type Seed,
} from "latent";
import {
  checkBounds, checkDistribution, checkGradients, checkKL, familyFromConstraints, PropertyFailure, type CheckBoundsOptions,
} from "latent/testing";

const LOG_2PI = Math.log(2 * Math.PI);

class NoNormalizingConstant extends NormalDistribution {
  override logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.mul(-0.5, tf.square(tf.div(tf.sub(value, this.loc), this.scale))));
  }
}
class WrongScaleSampler extends NormalDistribution {
  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => tf.add(this.loc, tf.mul(tf.mul(this.scale, 1.2), tf.randomNormal(this.shape(sampleShape), 0, 1, "float32", typeof seed === "number" ? seed : 1))));
  }
  override sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return this.rsample(sampleShape, seed);
  }
}
class CutGradient extends NormalDistribution {
  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      const x = super.rsample(sampleShape, seed);
      return tf.add(stopGradient(tf.sub(x, this.loc)), stopGradient(this.loc)); // loc's path cut
    });
  }
}

const normalLike = (make: (loc: tf.Tensor, scale: tf.Tensor) => NormalDistribution) =>
  familyFromConstraints("Normal", { loc: real, scale: positive }, ({ loc, scale }) => make(loc!, scale!));

function expectCaught(run: () => unknown, check: RegExp): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error, "the planted bug was not caught").toBeDefined();
  expect(String(error)).toMatch(check);
}

describe("mutation tests: the kit fails on planted bugs and passes on the correct code", () => {
  it("a logProb missing its normalizing constant", () => {
    const checks = ["goodnessOfFit", "entropy"] as const;
    checkDistribution(normalLike((l, s) => new NormalDistribution(l, s)), { checks });
    expectCaught(() => checkDistribution(normalLike((l, s) => new NoNormalizingConstant(l, s)), { checks: ["goodnessOfFit"] }), /goodnessOfFit/);
    expectCaught(() => checkDistribution(normalLike((l, s) => new NoNormalizingConstant(l, s)), { checks: ["entropy"] }), /entropy/);
  });

  it("a sampler with the wrong scale", () => {
    expectCaught(() => checkDistribution(normalLike((l, s) => new WrongScaleSampler(l, s)), { checks: ["moments"] }), /moments/);
    expectCaught(() => checkDistribution(normalLike((l, s) => new WrongScaleSampler(l, s)), { checks: ["goodnessOfFit"] }), /goodnessOfFit/);
  });

  it("a gradient cut by a stop-gradient", () => {
    checkDistribution(normalLike((l, s) => new NormalDistribution(l, s)), { checks: ["rsampleGradients"] });
    expectCaught(() => checkDistribution(normalLike((l, s) => new CutGradient(l, s)), { checks: ["rsampleGradients"] }), /d rsample \/ d loc/);
    const ref = (m: number[]) => -0.5 * (0.3 - m[0]!) ** 2 - 0.5 * LOG_2PI;
    checkGradients((m) => Normal(m, 1).logProb(tf.scalar(0.3)), [[0.1]], { reference: ref });
    expectCaught(() => checkGradients((m) => Normal(stopGradient(m), 1).logProb(tf.scalar(0.3)), [[0.1]], { reference: ref }), /finite differences/);
  });

  it("a KL with a sign error", () => {
    const pair = {
      name: "Normal‖Normal",
      params: fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: 0.3, max: 3, noNaN: true })),
      p: ([m, s]: [number, number]) => Normal(m, s),
      q: () => Normal(0.5, 1.5),
    };
    checkKL(pair);
    expectCaught(() => checkKL({ ...pair, kl: (p, q) => tf.neg(kl(p, q)) }), /checkKL/);
  });

  it("an ELBO that forgets the guide's entropy", () => {
    // z ~ N(0, 1), x_i ~ N(z, 0.1²), x = [1, 2]: the posterior is N(300/201, 1/201), narrow
    // enough that its density exceeds 1, so dropping −log q(z) pushes the "bound" above log p(x).
    const s = 0.1;
    const m = model(function* ({ x }: { x: tf.Tensor1D }) {
      const z = yield* latent("z", Normal(0, 1));
      yield* observe("x", Normal(z, s).expand([x.shape[0]]), x);
    });
    const g = guide(m, function* () {
      yield* latent("z", Normal(300 / 201, Math.sqrt(1 / 201)));
    });
    const x = tf.tensor1d([1, 2]);
    // log N(x; 0, s²I + 11ᵀ) by the determinant lemma and Sherman–Morrison
    const v = s * s;
    const logEvidence = -0.5 * (2 * LOG_2PI + 2 * Math.log(v) + Math.log(1 + 2 / v) + (1 + 4) / v - 9 / (v * (v + 2)));
    checkBounds(m, g, { x }, { logEvidence, exact: true, ks: [2, 8], draws: 100 });
    const withoutEntropy: NonNullable<CheckBoundsOptions<{ x: tf.Tensor1D }>["logWeight"]> = (mm, gg, args, ctx: RunContext) =>
      tf.tidy(() => {
        const { model: mt } = traceParticle(mm.program, gg.program, args, ctx);
        return tf.addN([...mt.sites()].map((site) => tf.sum(site.fn.logProb(site.value)))) as tf.Scalar;
      });
    expectCaught(() => checkBounds(m, g, { x }, { logEvidence, logWeight: withoutEntropy, ks: [2, 8], draws: 100 }), /checkBounds: IWAE_8 exceeds log p\(x\)/);
    x.dispose();
  });
});

it("PropertyFailure messages show the check, parameters, statistic, bound and seed", () => {
  const e = new PropertyFailure("sample mean too far", { check: "moments", params: { loc: [1] }, statistic: 5, bound: 4, seed: 9 });
  expect(e.message).toBe("moments: sample mean too far\n  params:    {\"loc\":[1]}\n  statistic: 5\n  bound:     4\n  seed:      9");
});
