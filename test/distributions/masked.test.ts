import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MaskedDistribution, MultivariateNormal, Normal, ShapeError, ValidationError, tf } from "latent";
import { EPS32, FC, f32, logUniform, valuesOf } from "../helpers.js";

describe("Distribution.mask / MaskedDistribution", () => {
  it("logProb is the base's where the mask is true and exactly 0 where it is false, over the broadcast batch", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(f32(-5, 5), logUniform(0.1, 10), f32(-10, 10)), { minLength: 1, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        (cols, bits) => {
          const k = cols.length;
          const mask = [bits.slice(0, k), bits.slice(4, 4 + k)]; // [2, k]
          const base = Normal(cols.map((c) => c[0]), cols.map((c) => c[1]));
          const d = base.mask(tf.tensor(mask, undefined, "bool"));
          expect(d).toBeInstanceOf(MaskedDistribution);
          expect(d.batchShape).toEqual([2, k]);
          const x = cols.map((c) => c[2]);
          const got = tf.tidy(() => valuesOf(d.logProb(tf.tensor(x))));
          const ref = tf.tidy(() => valuesOf(base.logProb(tf.tensor(x))));
          for (let r = 0; r < 2; r++) for (let j = 0; j < k; j++) expect(got[r * k + j]).toBe(mask[r]![j] ? ref[j] : 0);
        },
      ),
      FC,
    );
  });

  it("masks −∞ and NaN log-densities to 0 and gives them a zero gradient", () => {
    const base = Normal(tf.zeros([3]), 1);
    const mask = tf.tensor([true, false, false], undefined, "bool");
    const x = tf.tensor([0.5, Infinity, NaN]);
    expect(valuesOf(base.mask(mask).logProb(x)).slice(1)).toEqual([0, 0]);
    const g = tf.tidy(() =>
      valuesOf(tf.grad((loc: tf.Tensor) => tf.sum(Normal(loc, 1).mask(mask).logProb(tf.tensor([0.5, 2, 3]))))(tf.zeros([3]))),
    );
    expect(g).toEqual([0.5, 0, 0]); // d/dμ log N(x; μ, 1) = x − μ where kept
    tf.dispose([mask, x]);
  });

  it("accepts booleans and 0/1 float masks; sampling, moments and entropy are the base's", () => {
    tf.tidy(() => {
      const base = Normal(tf.tensor([0, 1, 2]), 2);
      expect(valuesOf(base.mask(false).logProb(tf.zeros([3])))).toEqual([0, 0, 0]);
      expect(valuesOf(base.mask(true).logProb(tf.zeros([3])))).toEqual(valuesOf(base.logProb(tf.zeros([3]))));
      const f = base.mask(tf.tensor([1, 0, 1]));
      expect(valuesOf(f.logProb(tf.zeros([3])))[1]).toBe(0);
      const wide = base.mask(tf.ones([4, 1], "bool"));
      expect(wide.batchShape).toEqual([4, 3]);
      expect(wide.sample([2], 1).shape).toEqual([2, 4, 3]);
      expect(wide.rsample([2], 1).shape).toEqual([2, 4, 3]);
      expect(valuesOf(wide.mean)).toEqual(valuesOf(tf.broadcastTo(tf.tensor([0, 1, 2]), [4, 3])));
      expect(valuesOf(wide.variance).every((v) => v === 4)).toBe(true);
      expect(wide.entropy().shape).toEqual([4, 3]);
      expect(valuesOf(f.sample([3], 7))).toEqual(valuesOf(base.sample([3], 7)));
      expect(f.hasRsample).toBe(true);
      expect(f.support).toBe(base.support);
    });
  });

  it("composes with toEvent (masked entries drop out of the sum) and with event-shaped bases", () => {
    tf.tidy(() => {
      const base = Normal(tf.zeros([3]), 1);
      const mask = tf.tensor([true, false, true], undefined, "bool");
      const x = tf.tensor([1, 2, 3]);
      const sum = valuesOf(base.mask(mask).toEvent(1).logProb(x))[0]!;
      const parts = valuesOf(base.logProb(x));
      // one float32 addition of the two kept terms: ≤ 2⁻²⁴ relative
      expect(Math.abs(sum - (parts[0]! + parts[2]!))).toBeLessThanOrEqual(EPS32 * (Math.abs(parts[0]!) + Math.abs(parts[2]!)));
      const mvn = MultivariateNormal(tf.zeros([2, 3]), { scaleTril: tf.eye(3) });
      const m = mvn.mask(tf.tensor([false, true], undefined, "bool"));
      expect([m.batchShape, m.eventShape]).toEqual([[2], [3]]);
      const lp = valuesOf(m.logProb(tf.ones([2, 3])));
      expect(lp[0]).toBe(0);
      expect(lp[1]).toBe(valuesOf(mvn.logProb(tf.ones([2, 3])))[1]);
      expect(m.expand([4, 2]).batchShape).toEqual([4, 2]);
    });
  });

  it("rejects a mask that does not broadcast, or that is not a boolean or a tensor", () => {
    const mask = tf.ones([4], "bool");
    expect(() => Normal(tf.zeros([3]), 1).mask(mask)).toThrow(ShapeError);
    expect(() => Normal(tf.zeros([3]), 1).mask(mask)).toThrow("Normal.mask: shapes [3], [4] do not broadcast");
    mask.dispose();
    expect(() => Normal(0, 1).mask("x" as never)).toThrow(ValidationError);
    expect(() => Normal(0, 1).mask(5 as never)).toThrow('Normal.mask: the mask must be true, false or a boolean (or 0/1) tensor, got 5');
    expect(() => Normal(0, 1).mask(undefined as never)).toThrow("got undefined");
    expect(() => Normal(0, 1).mask(mask)).toThrow("got a disposed tensor");
  });

  it("does not leak tensors", () => {
    const d = Normal(tf.zeros([3]), 1).mask(tf.tensor([true, false, true], undefined, "bool"));
    const before = tf.memory().numTensors;
    const x = d.sample([2], 1);
    tf.dispose([x, d.logProb(x), d.mean, d.variance, d.entropy(), d.rsample([1], 2)]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
