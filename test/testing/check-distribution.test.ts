import { describe, expect, it } from "vitest";
import { Bernoulli, Normal, positive, real, unitInterval } from "latent";
import { checkDistribution, familyFromConstraints } from "latent/testing";

describe("checkDistribution on the built-in families", () => {
  it("Normal passes every check", () => {
    const report = checkDistribution(familyFromConstraints("Normal", { loc: real, scale: positive }, ({ loc, scale }) => Normal(loc!, scale!), { batchShape: [2] }));
    expect(report.ran.map((r) => r.check)).toEqual(["shapes", "support", "reproducible", "noLeaks", "moments", "entropy", "goodnessOfFit", "rsampleGradients"]);
  });
  it("Bernoulli passes every check", () => {
    const report = checkDistribution(
      familyFromConstraints("Bernoulli", { probs: unitInterval }, ({ probs }) => Bernoulli({ probs: probs! }), { discrete: true, batchShape: [3] }),
    );
    expect(report.ran).toHaveLength(8);
  });
});
