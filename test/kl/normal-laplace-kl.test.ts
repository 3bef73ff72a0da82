import { describe } from "vitest";
import { klSuite } from "./kl-suite.js";
import { normalLaplaceKL } from "./kl-specs.js";

describe("KL(Normal ‖ Laplace)", () => {
  klSuite(normalLaplaceKL);
});
