import * as fc from "fast-check";
import { describe } from "vitest";
import { logU } from "../distributions/gamma-family-specs.js";
import { betaBetaKL } from "./gamma-beta-kl-specs.js";
import { fullRange } from "./full-range.js";
import { klSuite } from "./kl-suite.js";

describe("KL(Beta ‖ Beta)", () => {
  klSuite(betaBetaKL);
  fullRange(betaBetaKL, fc.tuple(fc.tuple(logU(0.1, 100), logU(0.1, 100)), fc.tuple(logU(0.1, 100), logU(0.1, 100))));
});
