// The kl-suite's accuracy and gradient properties on an extra parameter range (used where the suite's own
// quadrature check cannot run, see gamma-beta-kl-specs.ts).
import * as fc from "fast-check";
import { expect, it } from "vitest";
import { kl, tf } from "latent";
import { EPS32, FC, scalarOf } from "../helpers.js";
import { richardson } from "../distributions/continuous-suite.js";
import type { KLSpec } from "./kl-suite.js";

const abs = Math.abs;

/** The suite's accuracy and gradient properties over the full range, including p's second concentration < 1. */
export function fullRange(spec: KLSpec, pairs: fc.Arbitrary<readonly [readonly number[], readonly number[]]>): void {
  it("equals the float64 reference (and is ≥ 0, float32-honest), with gradients, over the full parameter range", () => {
    fc.assert(
      fc.property(pairs, ([p, q]) => {
        const k = scalarOf(kl(spec.makeP(...p), spec.makeQ(...q)));
        const size = spec.size(p, q);
        expect(k).toBeGreaterThanOrEqual(-spec.c * EPS32 * (1 + size));
        expect(abs(k - spec.kl64(p, q))).toBeLessThanOrEqual(spec.c * EPS32 * (1 + size));
        const g = tf.tidy(() =>
          tf.grads((...t: tf.Tensor[]) => kl(spec.makeP(...t.slice(0, p.length)), spec.makeQ(...t.slice(p.length))))([...p, ...q].map((v) => tf.scalar(v))).map((t) => t.dataSync()[0]!),
        );
        [...p, ...q].forEach((v, i) => {
          const at = (w: number) => {
            const all = [...p, ...q].map((u, j) => (j === i ? w : u));
            return spec.kl64(all.slice(0, p.length), all.slice(p.length));
          };
          const ref = richardson(at, v, spec.paramScale(p, q, i));
          expect(abs(g[i]! - ref)).toBeLessThanOrEqual(spec.gradTol(p, q, i, ref));
        });
      }),
      { ...FC, numRuns: 50 },
    );
  });
}
