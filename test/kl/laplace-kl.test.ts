import { describe } from "vitest";
import { klSuite } from "./kl-suite.js";
import { laplaceKL } from "./kl-specs.js";

describe("KL(Laplace ‖ Laplace)", () => {
  klSuite(laplaceKL);
});
