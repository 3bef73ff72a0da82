import { describe, expect, it } from "vitest";
import {
  compile, conditionHandler, deterministic, estimateObjective, elbo, factor, guide, latent, model, Normal, observe, param, withMask,
  ParamStore, RandomStream, run, seedHandler, substituteHandler, Trace, traceHandler, tf, withScale, blockHandler,
} from "latent";

const LOG_2PI = Math.log(2 * Math.PI);

describe("handlers and primitives", () => {
  const m = model(function* () {
    const z = yield* latent("z", Normal(0, 1));
    yield* observe("x", Normal(z, 1), tf.scalar(0.5));
  });

  it("condition turns a latent into data; trace records the value", () => {
    const t = new Trace();
    run(m.program, {}, [traceHandler(t), conditionHandler({ z: tf.scalar(0.25) })]);
    expect(t.get("z")!.isObserved).toBe(true);
    expect(t.get("z")!.value.dataSync()[0]).toBe(0.25);
  });

  it("seed makes runs reproducible; substitute fixes a latent's value and a param's value", () => {
    const draw = (seed: number) => {
      const t = new Trace();
      run(m.program, {}, [traceHandler(t), seedHandler(new RandomStream(seed))]);
      return t.get("z")!.value.dataSync()[0];
    };
    expect(draw(4)).toBe(draw(4));
    expect(draw(4)).not.toBe(draw(5));
    const g = guide(m, function* () {
      const loc = yield* param("loc", 0);
      yield* latent("z", Normal(loc, 1));
    });
    const t = new Trace();
    run(g.program, {}, [traceHandler(t), substituteHandler({ loc: tf.scalar(3), z: tf.scalar(2.5) })]);
    expect(t.get("z")!.value.dataSync()[0]).toBe(2.5);
    expect(t.get("z")!.isObserved).toBe(false);
    expect(t.get("z")!.fn.mean.dataSync()[0]).toBe(3);
  });

  it("block hides sites from the handlers outside it", () => {
    const t = new Trace();
    run(m.program, {}, [traceHandler(t), blockHandler((msg) => msg.name === "z")]);
    expect(t.names()).toEqual(["x"]);
  });

  it("factor adds its term to the log joint; a scale scope multiplies densities inside it", () => {
    const withFactor = model(function* () {
      yield* latent("z", Normal(0, 1));
      yield* factor("penalty", -2.5);
    });
    const g = guide(withFactor, function* () {
      yield* latent("z", Normal(0, 1));
    });
    const ctx = { store: new ParamStore(), rng: new RandomStream(1) };
    // the guide equals the prior: closed-form KL is exactly 0, so the ELBO is the factor
    expect(tf.tidy(() => estimateObjective(withFactor.program, g.program, {}, ctx, elbo()).value.dataSync()[0])).toBe(-2.5);
    const scaled = model(function* () {
      yield* latent("z", Normal(0, 1));
      yield* withScale(0.5, function* () {
        yield* observe("x", Normal(0, 1), tf.scalar(1));
      });
    });
    const g2 = guide(scaled, function* () {
      yield* latent("z", Normal(0, 1));
    });
    const v = tf.tidy(() => estimateObjective(scaled.program, g2.program, {}, ctx, elbo()).value.dataSync()[0]!);
    expect(v).toBeCloseTo(0.5 * (-0.5 - 0.5 * LOG_2PI), 6);
  });

  it("deterministic records a value that predict reports, adding nothing to the density", () => {
    const reg = model(function* ({ x }: { x: tf.Tensor1D }) {
      const w = yield* latent("w", Normal(0, 1));
      const mean = yield* deterministic("mean", tf.mul(w, x));
      yield* observe("y", Normal(mean, 1), tf.zeros(x.shape));
    });
    const g = guide(reg, function* () {
      yield* latent("w", Normal(2, 1e-6));
    });
    const svi = compile(reg, g, {});
    const x = tf.tensor1d([1, 2, 3]);
    const out = svi.predict({ x }, { from: "posterior" });
    expect(Array.from(out.values["mean"]!.dataSync()).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([2, 4, 6]);
    expect(out.values["y"]!.shape).toEqual([3]);
  });
});

describe("withMask", () => {
  it("zeroes the log-density of masked-out elements (missing data)", () => {
    const m = model(function* ({ y, seen }: { y: tf.Tensor1D; seen: tf.Tensor1D }) {
      const mu = yield* latent("mu", Normal(0, 1));
      yield* withMask(tf.cast(seen, "bool"), function* () {
        yield* observe("y", Normal(mu, 1).expand([y.shape[0]]), y);
      });
    });
    const g = guide(m, function* () {
      yield* latent("mu", Normal(0, 1));
    });
    const ctx = () => ({ store: new ParamStore(), rng: new RandomStream(4) });
    const at = (y: number[], seen: number[]) =>
      tf.tidy(() => estimateObjective(m.program, g.program, { y: tf.tensor1d(y), seen: tf.tensor1d(seen) }, ctx(), elbo()).value.dataSync()[0]!);
    // a masked element contributes nothing, whatever its value (even a huge outlier)
    expect(at([0.5, 1e6], [1, 0])).toBeCloseTo(at([0.5, -3], [1, 0]), 5);
    expect(at([0.5, 1e6], [1, 1])).toBeLessThan(-1e10);
  });
});

describe("malformed programs", () => {
  it("a primitive yielded without * names the mistake", () => {
    // @ts-expect-error yield (not yield*) of a primitive: the type system rejects the model too
    const m = model(function* () {
      yield latent("z", Normal(0, 1));
    });
    expect(() => run(m.program, {}, [])).toThrow("run: a program yielded a generator, not a site; write `yield* latent(...)` (with the *) for every primitive");
  });
  it("a program that is not a generator function names the mistake", () => {
    const notGenerator = (() => undefined) as unknown as Parameters<typeof run>[0];
    expect(() => run(notGenerator, {}, [])).toThrow("run: a program must be a generator function (function* …), but it returned undefined");
  });
});
