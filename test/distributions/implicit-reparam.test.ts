// The tensor Gamma sampler and the implicit reparameterization gradients of Gamma and Beta draws
// (Figurnov, Mohamed & Mnih 2018), against PyTorch's standard: dx/dθ = −(∂F/∂θ)(x)/f(x) with ∂F/∂θ a
// central (here Richardson) difference of a float64 CDF, relative error < 5e-4 for the Gamma with α from
// 1e-2 to 1e4 and < 1e-3 for the Beta. The tests also assert the tighter bounds derived below.
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import betainc from "@stdlib/math-base-special-betainc";
import gammaln from "@stdlib/math-base-special-gammaln";
import { Beta, Gamma, tf } from "latent";
import { betaSampleDerivatives } from "../../src/math/beta-gradient.js";
import { gammaLogSampleDerivative } from "../../src/math/gamma-gradient.js";
import { randomLogGamma } from "../../src/math/gamma-sampler.js";
import { dkwTest } from "../../src/testing/stats/dkw.js";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { regularizedGammaP, regularizedGammaQ } from "../../src/testing/stats/special64.js";
import { EPS32, FC, valuesOf } from "../helpers.js";
import { betaSpec, gammaSpec, implicitGradient, invert, logU } from "./gamma-family-specs.js";

const abs = Math.abs;

// 50-digit mpmath references (derivatives of the regularized incomplete gamma / beta functions by mpmath.diff,
// x placed at quantiles by bisection): [α, log x, d log x/dα] and [a, b, x, dx/da, dx/db].
const GAMMA_MPMATH: ReadonlyArray<readonly [number, number, number]> = [
  [0.001, -13816.086951562558, 13815511.379630748],
  [0.001, -1204.5491979242195, 1203973.6259924092],
  [0.001, -31.03560108299188, 30460.029151182625],
  [0.05, -276.8472726093307, 5526.988552360616],
  [0.05, -24.616517536544514, 482.3734509146247],
  [0.05, -0.7365080973881972, 19.98106396236663],
  [0.7, -19.873311792011428, 28.688370993330143],
  [0.7, -1.7572432645553058, 3.2070673608539577],
  [0.7, 1.0478804422104184, 0.8180940917456645],
  [1.0, -13.815510057964065, 14.238301762215926],
  [1.0, -1.030930433158723, 1.8558175713911922],
  [1.0, 1.2546349002858599, 0.58812959480743],
  [4.5, -2.1698703584226138, 0.8588367304815638],
  [4.5, 1.1621043193747966, 0.27220527530607463],
  [4.5, 2.2235195055202874, 0.15746270997509865],
  [150.0, 4.593082052940329, 0.008164105528672378],
  [150.0, 4.965246491400284, 0.006826688341655911],
  [150.0, 5.158282477655306, 0.006193489848217151],
  [2999.0, 7.917845112893449, 0.00034838299620535074],
  [2999.0, 7.996331479173713, 0.0003350833747170962],
  [2999.0, 8.040073296869096, 0.0003278198157877817],
  [3001.0, 7.918541641519615, 0.0003481456835703556],
  [3001.0, 7.997001421998785, 0.00033485950020067413],
  [3001.0, 8.040728719819166, 0.0003276031821199921],
  [20000.0, 9.869669513104245, 5.085063988182856e-05],
  [20000.0, 9.89976049536889, 5.009365175365647e-05],
  [20000.0, 9.916740783976923, 4.966981499043813e-05],
  [1000000.0, 13.810753030835286, 1.0023808167991466e-06],
  [1000000.0, 13.814985778208698, 1.0002625795376881e-06],
  [1000000.0, 13.817390429120811, 9.990605254247347e-07],
];
const BETA_MPMATH: ReadonlyArray<readonly [number, number, number, number, number]> = [
  [0.01, 0.01, 1.2472643212277824e-170, 5.502960332279714e-166, -6.238329221176616e-167],
  [0.01, 1, 5.153775207320107e-53, 6.2050051892226785e-49, -8.416221613634996e-53],
  [0.01, 3, 0.09963062718487528, 12.382416006724306, -0.0371230296125216],
  [0.01, 1000, 2.9188619067224053e-56, 3.514467960392838e-52, -2.920307215338957e-59],
  [0.1, 0.1, 8.869280655550235e-18, 3.9139446332741276e-15, -4.554122880990559e-16],
  [0.1, 1, 0.9043820750088044, 0.9089343593725024, -0.28972758704012863],
  [0.1, 30, 2.055080046088291e-62, 2.840703940045927e-59, -6.953928798485965e-64],
  [0.1, 1000, 3.587700329066401e-09, 4.3463865354643564e-07, -3.589315218226098e-12],
  [1, 0.1, 0.09561792499119551, 0.28972758704012846, -0.9089343593725017],
  [1, 1, 0.99, 0.009949832494966436, -0.046051701859880945],
  [1, 30, 3.3333349444455e-08, 4.7405781049053456e-07, -1.1111116296299634e-09],
  [1, 1000, 0.00035661134299276153, 0.0006615093398987675, -3.565477496079625e-07],
  [3, 0.1, 0.5413338651193104, 0.1265473033534573, -1.5859091354407924],
  [3, 1, 0.9966554934125964, 0.0011129691598926292, -0.016338365234022344],
  [3, 30, 0.0005888797029492022, 0.0010277011638167523, -1.9003773206644382e-05],
  [3, 1000, 0.0019100384210293813, 0.0008331151335145319, -1.9063087034857005e-06],
  [30, 0.1, 0.9994104296941403, 1.9943821637953047e-05, -0.021788541776352074],
  [30, 1, 0.9999999666666506, 1.11111162861553e-09, -4.7405781008815744e-07],
  [30, 30, 0.3525770646916235, 0.009111396618288553, -0.006745130711471799],
  [30, 1000, 0.02882188058018438, 0.0009434801896653085, -2.800052045070317e-05],
  [1000, 0.1, 0.9999994063419501, 5.939250909696989e-10, -4.1616146393037574e-05],
  [1000, 3, 0.9810713453547767, 1.872970892282771e-05, -0.0022569673588551434],
  [1000, 30, 0.968361780188764, 3.069198533876764e-05, -0.0009853662878988882],
  [1000, 1000, 0.5058635072720185, 0.00024859427726467307, -0.00025152656217096274],
];

/** Draws x (float32) and the rsample gradients ∂x/∂θᵢ of `make(θ)` with every θᵢ a vector of n equal values. */
function drawsAndGradients(make: (...t: tf.Tensor[]) => { rsample: (s: number[], seed: number) => tf.Tensor }, params: number[], n: number, seed: number) {
  return tf.tidy(() => {
    const ts = params.map((v) => tf.fill([n], v));
    const xs = valuesOf(make(...ts).rsample([], seed));
    const gs = tf.grads((...a: tf.Tensor[]) => tf.sum(make(...a).rsample([], seed)))(ts).map((g) => valuesOf(g));
    return { xs, gs };
  });
}

describe("implicit reparameterization gradients", () => {
  it("Gamma: dx/dα equals −(∂P/∂α)(x)/f(x) to relative 5e-4 (PyTorch's standard) for α log-uniform in [1e-2, 1e4]", () => {
    // 100 draws at each α of a fixed grid over the range plus 20 log-uniform α. Derived bound: the gradient is
    // computed in float64 at the returned float32 draw (accuracy ≤ 1.4e-9, gamma-gradient.ts) and rounded once
    // (eps32); rate 1 adds no rounding. The oracle: Richardson difference of special64's P or Q (relative
    // accuracy ≤ 1e-11 up to α = 1e4), step 1e-3·α/(1 + √α): ≤ 3e-7 relative (see gamma-family-specs.ts).
    // Measured maximum: see the report in the test output (console) when run with DEBUG.
    const grid = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 100, 1000, 2999, 3000, 1e4];
    const random = fc.sample(logU(0.01, 1e4), { seed: FC.seed, numRuns: 20 });
    let worst = 0;
    for (const [k, alpha] of [...grid.map(Math.fround), ...random].entries()) {
      const { xs, gs } = drawsAndGradients((a) => Gamma(a!, 1), [alpha], 100, 1000 + k);
      xs.forEach((x, j) => {
        const ref = implicitGradient(gammaSpec, x, [alpha, 1], 0);
        const rel = abs(gs[0]![j]! - ref) / abs(ref);
        worst = Math.max(worst, rel);
        expect(rel).toBeLessThanOrEqual(2 * EPS32 + 3e-7);
      });
    }
    expect(worst).toBeLessThan(5e-4);
    if (process.env.DEBUG) console.log(`Gamma implicit gradient: max relative error ${worst.toExponential(2)}`);
  });

  it("Beta: dx/da and dx/db equal the Beta-CDF oracle to relative 1e-3 for a, b ∈ {0.01, 0.1, 1, 10, 100, 1000}", () => {
    // 20 draws per pair. Derived bound: the gradient is computed in float64 at the returned float32 draw
    // (accuracy ≤ 1e-10: see the mpmath test below) and rounded once to float32 (eps32 relative, or half the
    // subnormal spacing 2⁻¹⁵⁰ for gradients below 2⁻¹²⁶, e.g. dx/db ≈ 1e-40 at x = 2⁻¹²⁶). The oracle is a
    // Richardson difference of @stdlib betainc, whose relative accuracy is ~1e-14 but up to 6e-10 at some
    // non-integer parameters (measured against mpmath on 300 random points and at b = 1000 ± 0.03): with
    // ε_F = 1e-9, h = 1e-3·scale and F = min(CDF, survival), its roundoff is ≤ 3ε_F·F/h in ∂F/∂θ, i.e.
    // ≤ 3e-6·F/(scale·p(x)) in the gradient.
    const grid = [0.01, 0.1, 1, 10, 100, 1000];
    let worst = 0;
    let k = 0;
    for (const a of grid) {
      for (const b of grid) {
        const { xs, gs } = drawsAndGradients((s, t) => Beta(s!, t!), [a, b], 20, 2000 + k++);
        xs.forEach((x, j) => {
          expect(x > 0 && x < 1).toBe(true);
          const F = Math.min(betaSpec.cdf(x, [a, b]), betaSpec.sf(x, [a, b]));
          const density = Math.exp(betaSpec.logpdf(x, [a, b]));
          for (let i = 0; i < 2; i++) {
            const ref = implicitGradient(betaSpec, x, [a, b], i);
            const err = abs(gs[i]![j]! - ref);
            worst = Math.max(worst, err / abs(ref));
            const oracle = (3e-6 * F) / (betaSpec.paramScale([a, b], i) * density);
            expect(err).toBeLessThanOrEqual(2 * EPS32 * abs(ref) + 2 ** -150 + oracle);
          }
        });
      }
    }
    expect(worst).toBeLessThan(1e-3);
    if (process.env.DEBUG) console.log(`Beta implicit gradient: max relative error ${worst.toExponential(2)}`);
  });

  it("the float64 d log x/dα matches the oracle across the switch to Temme's asymptotics (α = 3000) and beyond", () => {
    // Quantiles 1e-6 … 1 − 1e-6 at α around and above the switch; the oracle (Richardson of special64's P/Q,
    // relative accuracy ~α·2⁻⁵³ ≈ 1e-11 at α = 1e5) is good to ≤ 3e-7 here (measured 2.6e-7 at α = 1e5).
    for (const alpha of [1000, 2999.5, 3000, 3000.5, 1e4, 1e5]) {
      for (const u of [1e-6, 1e-3, 0.1, 0.5, 0.9, 0.999, 1 - 1e-6]) {
        const x = invert(u, (v) => regularizedGammaP(alpha, v), (v) => regularizedGammaQ(alpha, v), Math.log(alpha) - 1, Math.log(alpha) + 1, Math.exp);
        const s = alpha / (1 + Math.sqrt(alpha));
        const h = 1e-3 * s;
        const upper = regularizedGammaP(alpha, x) > 0.5;
        const F = (a: number) => (upper ? -regularizedGammaQ(a, x) : regularizedGammaP(a, x));
        const d = (t: number) => (F(alpha + t) - F(alpha - t)) / (2 * t);
        const dF = (4 * d(h / 2) - d(h)) / 3;
        const logf = (alpha - 1) * Math.log(x) - x - gammaln(alpha);
        const ref = -dF / Math.exp(logf) / x;
        expect(abs(gammaLogSampleDerivative(alpha, Math.log(x)) - ref)).toBeLessThanOrEqual(1e-6 * abs(ref));
      }
    }
  });
});

describe("the float64 implicit derivatives against 50-digit mpmath", () => {
  it("d log x/dα (series, continued fraction and asymptotic branches) to 2e-9 relative", () => {
    // gamma-gradient.ts: ≤ 1e-12 from the series and the fraction, ≤ 0.012/α² ≤ 1.4e-9 from the asymptotic form.
    for (const [alpha, logx, ref] of GAMMA_MPMATH) {
      expect(abs(gammaLogSampleDerivative(alpha, logx) - ref)).toBeLessThanOrEqual(2e-9 * abs(ref));
    }
  });
  it("dx/da and dx/db of a Beta draw to 1e-9 relative, down to a = b = 0.01 and x = 1e-170", () => {
    // beta-gradient.ts: measured ≤ 1e-10 over 210 such points.
    for (const [a, b, x, da, db] of BETA_MPMATH) {
      const [ga, gb] = betaSampleDerivatives(a, b, x);
      expect(abs(ga - da)).toBeLessThanOrEqual(1e-9 * abs(da));
      expect(abs(gb - db)).toBeLessThanOrEqual(1e-9 * abs(db));
    }
  });
});

describe("the tensor Gamma sampler", () => {
  it("log-draws match P(α, e^y) for α log-uniform in [1e-3, 1e4] (DKW, exact, false-failure rate 1e-6)", () => {
    // log x is drawn directly, so α = 1e-3 (log x ≈ −10³) is resolved. F(y) = P(α, e^y), and below y = −50 the
    // series P = x^α e^{−x}/Γ(α + 1)·(1 + x/(α + 1) + …) is exp(αy − log Γ(α + 1)) to 1e-21 (e^y is then
    // below float64's range for y < −745). Power: a CDF off by 0.02 anywhere (a shape off by ~5%) fails.
    const runs = 10;
    const n = 20_000;
    const alpha = 1e-6 / runs;
    fc.assert(
      fc.property(logU(1e-3, 1e4), fc.integer({ min: 1, max: 2 ** 30 }), (a, seed) => {
        const ys = valuesOf(tf.tidy(() => randomLogGamma(tf.scalar(a), [n], seed)));
        expect(ys.every(Number.isFinite)).toBe(true);
        const cdf = (y: number) => (y < -50 ? Math.exp(a * y - gammaln(a + 1)) : regularizedGammaP(a, Math.exp(y)));
        const r = dkwTest(ys, (y) => Math.min(1, Math.max(0, cdf(y))), alpha);
        expect(r.statistic).toBeLessThanOrEqual(r.bound);
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("Beta(0.01, 0.01) puts about half its mass next to each end, and never gives NaN or an endpoint", () => {
    const n = 20_000;
    const runs = 3;
    // Three frequency assertions per run (binomial CLT at n = 20,000 with n·p(1 − p) ≥ 4000).
    const z = zForFailureRate(1e-6 / (3 * runs));
    // In float32 the draws within 2⁻²⁴ of 0 keep their value; those within 1.5·2⁻²⁴ of 1 round to (or are
    // pinned at) 1 − 2⁻²⁴. P(x ≤ 2⁻²⁴) = I_{2⁻²⁴}(a, a) ≈ 0.42 and the same next to 1: most mass is there.
    const pLow = betainc(2 ** -24, 0.01, 0.01, true, false);
    const pHigh = betainc(1.5 * 2 ** -24, 0.01, 0.01, true, false);
    for (let r = 0; r < runs; r++) {
      tf.tidy(() => {
        const a = tf.fill([n], 0.01);
        const d = Beta(a, a);
        const xs = valuesOf(d.rsample([], 77 + r));
        expect(xs.every((x) => x > 0 && x < 1)).toBe(true);
        const below = xs.filter((x) => x < 0.5).length / n;
        expect(abs(below - 0.5)).toBeLessThanOrEqual(z * Math.sqrt(0.25 / n));
        const low = xs.filter((x) => x <= 2 ** -24).length / n;
        expect(abs(low - pLow)).toBeLessThanOrEqual(z * Math.sqrt((pLow * (1 - pLow)) / n));
        const high = xs.filter((x) => x >= 1 - 2 ** -24).length / n;
        expect(abs(high - pHigh)).toBeLessThanOrEqual(z * Math.sqrt((pHigh * (1 - pHigh)) / n));
        const lp = valuesOf(d.logProb(tf.tensor(xs)));
        expect(lp.every(Number.isFinite)).toBe(true);
        const g = tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(Beta(u, v).logProb(Beta(u, v).rsample([], 77 + r))))([a, tf.fill([n], 0.01)]);
        for (const t of g) expect(valuesOf(t).every(Number.isFinite)).toBe(true);
      });
    }
  });

  it("Gamma with tiny α returns draws ≥ 2⁻¹²⁶ with finite logProb and finite gradients", () => {
    tf.tidy(() => {
      for (const alpha of [1e-3, 1e-2, 0.05]) {
        const a = tf.fill([2000], alpha);
        const xs = valuesOf(Gamma(a, 3).rsample([], 5));
        // x = g/3 with g ≥ 2⁻¹²⁶: at least 2⁻¹²⁶/3 (subnormal but positive)
        expect(xs.every((x) => x > 0)).toBe(true);
        expect(valuesOf(Gamma(a, 3).logProb(tf.tensor(xs))).every(Number.isFinite)).toBe(true);
        const g = tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(Gamma(u, v).logProb(Gamma(u, v).rsample([], 5))))([a, tf.scalar(3)]);
        for (const t of g) expect(valuesOf(t).every(Number.isFinite)).toBe(true);
      }
    });
  });
});
