// Type tests: compile() refuses, in the type checker, a guide that does not fit its model.
// Each `@ts-expect-error` fails the suite if the line below it ever type-checks.
import { describe, expectTypeOf, it } from "vitest";
import {
  Bernoulli, compile, guide, latent, model, Normal, observe, tf, type GuideFits, type LatentSite, type ObservedSite,
} from "latent";
import type { NormalDistribution } from "latent";

declare const gammaLike: import("latent").Distribution<"positive">;

const vae = model(function* ({ x }: { x: tf.Tensor2D }) {
  const z = yield* latent("z", Normal(0, 1).expand([x.shape[0], 2]).toEvent(1));
  yield* observe("x", Bernoulli({ logits: z }).toEvent(1), x);
});

describe("compile: model/guide compatibility at compile time", () => {
  it("accepts a guide with exactly the model's latents and supports", () => {
    const q = guide(vae, function* ({ x }) {
      expectTypeOf(x).toEqualTypeOf<tf.Tensor2D>(); // the guide's arguments come from the model
      yield* latent("z", Normal(tf.zeros([x.shape[0], 2]), 1).toEvent(1));
    });
    const svi = compile(vae, q);
    expectTypeOf(svi.posterior).returns.toHaveProperty("values").toEqualTypeOf<Record<"z", tf.Tensor>>();
  });

  it("refuses a guide that misses a latent", () => {
    const q = guide(vae, function* () {});
    // @ts-expect-error guide misses latent 'z' of the model
    compile(vae, q);
  });

  it("refuses a guide that declares a latent the model lacks", () => {
    const q = guide(vae, function* ({ x }) {
      yield* latent("z", Normal(tf.zeros([x.shape[0], 2]), 1).toEvent(1));
      yield* latent("extra", Normal(0, 1));
    });
    // @ts-expect-error guide declares latent 'extra', which the model lacks
    compile(vae, q);
  });

  it("refuses a guide that samples an observed site", () => {
    const q = guide(vae, function* ({ x }) {
      yield* latent("z", Normal(tf.zeros([x.shape[0], 2]), 1).toEvent(1));
      yield* latent("x", Normal(0, 1));
    });
    // @ts-expect-error guide samples 'x', which the model observes
    compile(vae, q);
  });

  it("refuses a guide whose support differs (a Normal guide for a positive latent)", () => {
    const m = model(function* () {
      yield* latent("rate", gammaLike);
    });
    const bad = guide(m, function* () {
      yield* latent("rate", Normal(0, 1));
    });
    // @ts-expect-error latent 'rate' has support 'positive' in the model but 'real' in the guide
    compile(m, bad);
    const good = guide(m, function* () {
      yield* latent("rate", gammaLike);
    });
    compile(m, good);
  });

  it("checks names built in loops (template literals) without false accepts", () => {
    const m = model(function* () {
      for (let i = 0; i < 3; i++) yield* latent(`w_${i}`, Normal(0, 1));
      yield* latent("b", Normal(0, 1));
    });
    const sameLoop = guide(m, function* () {
      for (let i = 0; i < 3; i++) yield* latent(`w_${i}`, Normal(0, 1));
      yield* latent("b", Normal(0, 1));
    });
    compile(m, sameLoop);

    const fixedNames = guide(m, function* () {
      yield* latent("w_0", Normal(0, 1));
      yield* latent("b", Normal(0, 1));
    });
    // @ts-expect-error guide misses latent 'w_${number}' (only w_0 is certain to exist)
    compile(m, fixedNames);

    const otherPattern = guide(m, function* () {
      for (let i = 0; i < 3; i++) yield* latent(`v_${i}`, Normal(0, 1));
      yield* latent("b", Normal(0, 1));
    });
    // @ts-expect-error guide misses latent 'w_${number}'
    compile(m, otherPattern);

    const loopMissingB = guide(m, function* () {
      for (let i = 0; i < 3; i++) yield* latent(`w_${i}`, Normal(0, 1));
    });
    // @ts-expect-error guide misses latent 'b'
    compile(m, loopMissingB);
  });

  it("reports the mistake in the error type", () => {
    type M = LatentSite<"z", "real"> | LatentSite<"w", "real"> | ObservedSite<"x">;
    expectTypeOf<GuideFits<M, LatentSite<"z", "real">>>().toEqualTypeOf<{
      readonly "compile error": "guide misses latent 'w' of the model";
    }>();
    expectTypeOf<GuideFits<M, LatentSite<"z", "real"> | LatentSite<"w", "positive">>>().toEqualTypeOf<{
      readonly "compile error": "latent 'w' has support 'real' in the model but 'positive' in the guide";
    }>();
    expectTypeOf<GuideFits<M, LatentSite<"z", "real"> | LatentSite<"w", "real">>>().toEqualTypeOf<unknown>();
  });

  it("switches the static check off for dynamic (string) names; run-time checks take over", () => {
    const name = ["z"].join("") as string;
    const m = model(function* () {
      yield* latent(name, Normal(0, 1));
    });
    const q = guide(m, function* () {});
    compile(m, q); // allowed statically; the missing site is reported when the step runs
  });

  it("infers site types from the distribution, through toEvent and expand", () => {
    const d = Normal(0, 1).expand([3]).toEvent(1);
    expectTypeOf(d).toMatchTypeOf<import("latent").Distribution<"real">>();
    expectTypeOf(Normal(0, 1)).toEqualTypeOf<NormalDistribution>();
  });
});
