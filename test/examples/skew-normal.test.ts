// The user-defined SkewNormal of examples/skew-normal.ts, proved with the property kit in a
// few lines (this is the code docs/testing.md walks through).
import { describe, expect, it } from "vitest";
import { positive, real } from "latent";
import { checkDistribution, familyFromConstraints } from "latent/testing";
import { SkewNormal, skewNormal } from "../../examples/skew-normal.js";

const family = familyFromConstraints(
  "SkewNormal",
  { loc: real, scale: positive, shape: real },
  ({ loc, scale, shape }) => new SkewNormal(loc!, scale!, shape!),
  { batchShape: [2], hasEntropy: false },
);

describe("SkewNormal, a user-defined distribution", () => {
  it("passes the whole conformance suite of latent/testing", () => {
    const report = checkDistribution(family);
    expect(report.ran.map((r) => r.check)).toContain("goodnessOfFit");
  });
  it("validates its parameters", () => {
    expect(() => skewNormal(0, -1, 2)).toThrow("SkewNormal: 'scale' must be positive, got -1");
  });
});
