import { describe } from "vitest";
import { klSuite } from "./kl-suite.js";
import { uniformNormalKL } from "./kl-specs.js";

describe("KL(Uniform ‖ Normal)", () => {
  klSuite(uniformNormalKL);
});
