import { describe } from "vitest";
import { klSuite } from "./kl-suite.js";
import { normalGumbelKL } from "./kl-specs.js";

describe("KL(Normal ‖ Gumbel)", () => {
  klSuite(normalGumbelKL);
});
