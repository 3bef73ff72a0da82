/**
 * Goodness of fit of `sample` against `logProb`: needs only those two methods, so it works for
 * any user distribution.
 *
 * @module
 */
import type { Distribution } from "../../distributions/distribution.js";
import { discreteGofTest } from "../stats/discrete-gof-test.js";
import { spacingTest } from "../stats/spacing-test.js";
import { expectProperty } from "../property-failure.js";
import { column, densityAt, draws } from "./draws.js";

/**
 * Check that draws follow the density: the spacing test for continuous scalar events (each
 * gap between sorted draws times the density is ≈ Exp(1)/n), a χ²-type test of counts against
 * the mass function for discrete ones. `alpha` is split over batch elements.
 *
 * Multivariate events are not covered by this check yet (the nearest-neighbour test needs
 * ≥ 1000·d draws per element); they are checked through their moments and entropy.
 *
 * @example
 * ```ts
 * checkGoodnessOfFitOf(Normal(0, 1), 2000, false, 1e-7, { check: "gof", params: {}, seed: 4 });
 * ```
 */
export function checkGoodnessOfFitOf(
  d: Distribution,
  n: number,
  discrete: boolean,
  alpha: number,
  context: { check: string; params: unknown; seed: number },
): boolean {
  const sample = draws(d, n, context.seed);
  if (sample.event !== 1 || d.eventShape.length > 0) return false;
  const a = alpha / sample.batch;
  for (let j = 0; j < sample.batch; j++) {
    const xs = column(sample, j, 0);
    const where = `batch element ${j}, n = ${n}`;
    if (discrete) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const x of xs) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      const points = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
      const mass = densityAt(d, j, points);
      const r = discreteGofTest(xs, (k) => (k >= lo && k <= hi ? mass[k - lo]! : densityAt(d, j, [k])[0]!), { alpha: a });
      expectProperty(r.pass, "sample frequencies do not fit the mass function", { ...context, statistic: r.pValue, bound: a, note: `p-value vs rate; ${where}` });
    } else {
      const sorted = Float64Array.from(xs).sort();
      const points = new Float64Array(2 * n - 1);
      for (let i = 0; i < n; i++) points[2 * i] = sorted[i]!;
      for (let i = 0; i + 1 < n; i++) points[2 * i + 1] = sorted[i]! + 0.5 * (sorted[i + 1]! - sorted[i]!);
      const dens = densityAt(d, j, points);
      const table = new Map<number, number>();
      points.forEach((p, i) => table.set(p, dens[i]!));
      const r = spacingTest(sorted, (x) => table.get(x) ?? densityAt(d, j, [x])[0]!, { alpha: a });
      expectProperty(r.pass, "draws do not fit the density (spacing test)", { ...context, statistic: r.pValue, bound: a, note: `p-value vs rate; ${where}` });
    }
  }
  return true;
}
