import { describe, expect, it } from "vitest";
import { LogNormal, Normal, kl, tf } from "latent";
import { scalarOf } from "../helpers.js";
import { klSuite } from "./kl-suite.js";
import { logNormalKL } from "./kl-specs.js";

describe("KL(LogNormal ‖ LogNormal)", () => {
  klSuite(logNormalKL);
  it("equals KL(Normal ‖ Normal) of the logs bit for bit (KL is invariant under x ↦ log x)", () => {
    tf.tidy(() => {
      for (const [a, b, c, d] of [[0, 1, 1, 2], [-3, 0.1, 2, 5], [1e-3, 20, -4, 0.05]]) {
        expect(scalarOf(kl(LogNormal(a!, b!), LogNormal(c!, d!)))).toBe(scalarOf(kl(Normal(a!, b!), Normal(c!, d!))));
      }
    });
  });
});
