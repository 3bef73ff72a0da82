import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Delta, Normal, ShapeError, ValidationError, tf } from "latent";
import { FC, f32, scalarOf, valuesOf } from "../helpers.js";

describe("Delta", () => {
  it("has batch shape v.shape minus eventDim dims, event shape the rest, and Pyro's shapes everywhere", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        fc.nat(3),
        (vShape, sampleShape, e) => {
          const eventDim = Math.min(e, vShape.length);
          tf.tidy(() => {
            const d = Delta(tf.zeros(vShape), { eventDim });
            const batch = vShape.slice(0, vShape.length - eventDim);
            const event = vShape.slice(vShape.length - eventDim);
            expect(d.batchShape).toEqual(batch);
            expect(d.eventShape).toEqual(event);
            const x = d.sample(sampleShape);
            expect(x.shape).toEqual([...sampleShape, ...vShape]);
            expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
            expect(d.mean.shape).toEqual(vShape);
            expect(d.variance.shape).toEqual(vShape);
            expect(d.entropy().shape).toEqual(batch);
            const ex = d.expand([2, ...batch]);
            expect(ex.batchShape).toEqual([2, ...batch]);
            expect(ex.sample([3]).shape).toEqual([3, 2, ...vShape]);
            expect(ex.logProb(ex.sample()).shape).toEqual([2, ...batch]);
          });
        },
      ),
      FC,
    );
  });

  it("logProb is logDensity at v and −∞ elsewhere (one differing element spoils its whole event)", () => {
    fc.assert(
      // (+ 0 turns −0 into +0: logDensity −0 comes back as 0 + (−0) = +0)
      fc.property(fc.array(f32(-100, 100), { minLength: 2, maxLength: 4 }), f32(-5, 5).map((x) => x + 0), fc.nat(3), (v, ld, which) => {
        tf.tidy(() => {
          const i = which % v.length;
          const other = v.map((x, j) => (j === i ? Math.fround(x + 1) : x));
          // eventDim 1: one event of size n
          const d = Delta(v, { eventDim: 1, logDensity: ld });
          expect(valuesOf(d.logProb(tf.tensor([v, other])))).toEqual([ld, -Infinity]);
          // eventDim 0: elementwise
          const e = Delta(v);
          expect(valuesOf(e.logProb(tf.tensor(other)))).toEqual(v.map((_, j) => (j === i ? -Infinity : 0)));
          expect(valuesOf(d.mean)).toEqual(v);
          expect(valuesOf(d.variance)).toEqual(v.map(() => 0));
          expect(scalarOf(d.entropy())).toBe(0);
        });
      }),
      FC,
    );
  });

  it("rsample returns v and passes gradients to v; logProb's gradient is 0 in x and v and 1 in logDensity", () => {
    fc.assert(
      fc.property(f32(-10, 10).map((x) => x + 0), f32(-3, 3), fc.integer({ min: 1, max: 4 }), (v, ld, n) => {
        const [gv, gx, gv2, gld] = tf.tidy(() => {
          // d/dv Σ over n draws of x² = n·2v
          const g1 = tf.grad((t: tf.Tensor) => tf.sum(tf.square(Delta(t).rsample([n]))))(tf.scalar(v)).dataSync()[0]!;
          const g = tf
            .grads((x: tf.Tensor, t: tf.Tensor, l: tf.Tensor) => Delta(t, { logDensity: l }).logProb(x))([tf.scalar(v), tf.scalar(v), tf.scalar(ld)])
            .map((t) => t.dataSync()[0]!);
          return [g1, ...g];
        });
        // 2v·n: an exact doubling, then a sum of n ≤ 4 identical float32 values a, which in any order is
        // exact up to 2a and 4a and one rounding of 3a: fl(n·a).
        expect(gv).toBe(Math.fround(Math.fround(2 * v) * n));
        expect([Math.abs(gx!), Math.abs(gv2!)]).toEqual([0, 0]);
        expect(gld).toBe(1);
        expect(valuesOf(Delta(v).sample([3], 1))).toEqual([v, v, v]);
      }),
      FC,
    );
  });

  it("serves as a MAP guide: maximizing log p(x, v) over v through rsample finds the posterior mode", () => {
    // Model z ~ N(0, 1), x | z ~ N(z, 0.5²), x = 1: the posterior mode is x·1/(1 + 0.25) = 0.8.
    const v = tf.variable(tf.scalar(0));
    const opt = tf.train.sgd(0.1);
    for (let step = 0; step < 40; step++) {
      opt.minimize(() =>
        tf.tidy(() => {
          const z = Delta(v).rsample();
          return tf.neg(tf.add(Normal(0, 1).logProb(z), Normal(z, 0.5).logProb(tf.scalar(1)))) as tf.Scalar;
        }),
      );
    }
    // Gradient descent on a quadratic with curvature 5 and step 0.1 contracts the error by ½ per step:
    // 0.8·2⁻⁴⁰ ≈ 7e-13 after 40 steps, below float32 resolution at 0.8 (6e-8).
    expect(Math.abs(v.dataSync()[0]! - 0.8)).toBeLessThanOrEqual(1e-6);
    v.dispose();
    opt.dispose();
  });

  it("validates eventDim and v, naming the problem", () => {
    expect(() => Delta([1, 2], { eventDim: 2 })).toThrow(ShapeError);
    expect(() => Delta([1, 2], { eventDim: 2 })).toThrow("Delta: eventDim must be an integer in [0, 1] (the rank of v, shape [2]), got 2");
    expect(() => Delta([1, Number.NaN])).toThrow(ValidationError);
    expect(() => Delta([1, Number.NaN])).toThrow("Delta: 'v' must be a finite real number, got NaN at [1]");
    expect(() => Delta([[1, 2]], { eventDim: 1 }).logProb(tf.zeros([3]))).toThrow(
      "Delta.logProb: value has shape [3], whose last 1 dimension(s) should be the event shape [2]",
    );
  });

  it("does not leak tensors", () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const d = Delta(tf.ones([2, 3]), { eventDim: 1, logDensity: [1, 2] });
      d.logProb(d.rsample([4]));
      void d.mean;
      void d.variance;
      void d.entropy();
    });
    const v = tf.ones([3]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(Delta(t).logProb(Delta(t).rsample([2]))))(v);
    g.dispose();
    v.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
