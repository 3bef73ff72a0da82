import { describe, expect, it } from "vitest";
import { nearestNeighbourTest } from "../../../src/testing/stats/nearest-neighbour-test.js";
import { forSeeds, mulberry32, multivariateNormals, normals } from "./seeded.js";

/** Density of the d-dimensional Normal(0, Σ), given Σ⁻¹ (row-major) and log|Σ|. */
function gaussianDensity(precision: readonly number[], logDet: number, d: number): (x: Float64Array) => number {
  const logNorm = -0.5 * (d * Math.log(2 * Math.PI) + logDet);
  return (x) => {
    let q = 0;
    for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) q += x[r]! * precision[r * d + c]! * x[c]!;
    return Math.exp(logNorm - 0.5 * q);
  };
}

const standard2 = gaussianDensity([1, 0, 0, 1], 0, 2);
// Normal(0, [[1, 0.5], [0.5, 1]]): |Σ| = 0.75, Σ⁻¹ = [[1, −0.5], [−0.5, 1]] / 0.75.
const correlated2 = gaussianDensity([1 / 0.75, -0.5 / 0.75, -0.5 / 0.75, 1 / 0.75], Math.log(0.75), 2);

describe("nearestNeighbourTest", () => {
  // alpha = 1e-6 (the default): the "passes" assertion fails falsely with probability ≈ 1e-6
  // per seed by construction (the forward-neighbour χ² is measured to be slightly conservative).
  // Power: the density of the correlation-0.5 Gaussian is off by a factor between ≈ 0.2 and ≈ 3
  // over the bulk of the samples, which reshapes the uᵢ histogram; with 5,000 points the
  // measured p-values over these 20 seeds were at most 2e-21 (median 6e-31).
  it("passes on 5,000 2-D Normal(0, I) points with the true density and fails with a wrong covariance (20 seeds)", () => {
    forSeeds(20, (seed) => {
      const flat = normals(mulberry32(seed), 5000 * 2);
      const ok = nearestNeighbourTest(flat, standard2, { dimension: 2 });
      expect(ok.pass).toBe(true);
      expect(ok.n).toBe(5000);
      expect(ok.dimension).toBe(2);
      const wrong = nearestNeighbourTest(flat, correlated2, { dimension: 2 });
      expect(wrong.pass).toBe(false);
      expect(wrong.pValue).toBeLessThan(1e-6);
    });
  });

  it("accepts number[][] as well as a flat array, with the same result", () => {
    const flat = normals(mulberry32(11), 2000 * 2);
    const rows = Array.from({ length: 2000 }, (_, i) => [flat[2 * i]!, flat[2 * i + 1]!]);
    expect(nearestNeighbourTest(rows, standard2)).toEqual(nearestNeighbourTest(flat, standard2, { dimension: 2 }));
  });

  // 3-D with a non-diagonal covariance Σ = L Lᵀ: exercises the half-ball cubature off-axis.
  // The wrong density (identity covariance) differs by factors of ≈ 0.1–10 in the bulk.
  it("passes in 3-D with a correlated Gaussian and fails with the identity covariance (3,000 points, 5 seeds)", () => {
    const L = [1, 0, 0, 0.8, 0.6, 0, -0.5, 0.3, 0.5];
    // Σ = L Lᵀ; its inverse and log-determinant (log|Σ| = 2 Σ log Lᵢᵢ).
    const sigma = [1, 0.8, -0.5, 0.8, 1, -0.22, -0.5, -0.22, 0.59];
    const inv = invert3(sigma);
    const logDet = 2 * (Math.log(1) + Math.log(0.6) + Math.log(0.5));
    const truth = gaussianDensity(inv, logDet, 3);
    const identity = gaussianDensity([1, 0, 0, 0, 1, 0, 0, 0, 1], 0, 3);
    forSeeds(5, (seed) => {
      const x = multivariateNormals(mulberry32(seed), 3000, L, 3);
      expect(nearestNeighbourTest(x, truth, { dimension: 3 }).pass).toBe(true);
      expect(nearestNeighbourTest(x, identity, { dimension: 3 }).pValue).toBeLessThan(1e-6);
    });
  });

  it("fails falsely at about the nominal rate: alpha = 0.01 over 100 seeds of 2,000 2-D points", () => {
    // Expected 1 failure; P(Binomial(100, 0.01) ≥ 7) ≈ 6e-5.
    let failures = 0;
    for (let seed = 0; seed < 100; seed++) {
      const flat = normals(mulberry32(seed), 4000);
      if (!nearestNeighbourTest(flat, standard2, { dimension: 2, alpha: 0.01 }).pass) failures++;
    }
    expect(failures).toBeLessThanOrEqual(6);
  });

  it("refuses too few points, malformed points, bad densities and discrete-looking points", () => {
    expect(() => nearestNeighbourTest(normals(mulberry32(1), 2 * 1999), standard2, { dimension: 2 })).toThrow(
      "nearestNeighbourTest: needs at least 2000 samples in 2 dimensions for a false-failure rate of 0.000001, got 1999",
    );
    expect(() => nearestNeighbourTest(normals(mulberry32(1), 4000), standard2)).toThrow(
      /a flat array of coordinates needs options.dimension/,
    );
    expect(() => nearestNeighbourTest([[0, 1], [2]], standard2)).toThrow(
      /every point must have 2 coordinates, got 1 in point 1/,
    );
    expect(() => nearestNeighbourTest([[0, 1], [2, NaN]], standard2)).toThrow(
      /coordinates must be finite numbers, got NaN in point 1/,
    );
    const flat = normals(mulberry32(2), 4000);
    expect(() => nearestNeighbourTest(flat, () => Infinity, { dimension: 2 })).toThrow(
      /nearestNeighbourTest: density\(\[.*\]\) must be a finite non-negative number, got Infinity/,
    );
    // Points on a coarse lattice repeat: the distribution is discrete.
    const lattice = flat.map((v) => Math.round(v * 4) / 4);
    expect(() => nearestNeighbourTest(lattice, standard2, { dimension: 2 })).toThrow(
      /points have an identical point .*looks discrete/,
    );
  });
});

function invert3(m: readonly number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A / det, -(b * i - c * h) / det, (b * f - c * e) / det,
    B / det, (a * i - c * g) / det, -(a * f - c * d) / det,
    C / det, -(a * h - b * g) / det, (a * e - b * d) / det,
  ];
}
