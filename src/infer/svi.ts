/**
 * SVI: a compiled model/guide pair that trains, evaluates, predicts and checkpoints.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Message } from "../core/messages.js";
import { ParamStore } from "../core/param-store.js";
import type { Program } from "../core/run.js";
import { run } from "../core/run.js";
import { Trace } from "../core/trace.js";
import { paramHandler } from "../core/handlers/param.js";
import { replayHandler } from "../core/handlers/replay.js";
import { seedHandler } from "../core/handlers/seed.js";
import { traceHandler } from "../core/handlers/trace.js";
import { unobserveHandler } from "../core/handlers/unobserve.js";
import { ModelStructureError, NonFiniteError, OptionsError, ValidationError } from "../errors.js";
import { RandomStream } from "../math/rng.js";
import { formatShape } from "../math/shape.js";
import { checkConstraint, markValidated, validatedConstraints } from "../distributions/validation.js";
import { tidyObject } from "../math/tidy.js";
import type { Optimizer, OptimizerSpec } from "./adam.js";
import { datasetSize, disposeBatch, sliceBatch, takeBatch } from "./batches.js";
import { batchCombination, batchCombinationOf, type BatchCombination } from "./batch-combination.js";
import { type CheckpointData, readCheckpoint, writeCheckpoint, writeCheckpointSync } from "./checkpoint.js";
import { firstNonFiniteSite } from "./diagnose.js";
import { scheduleAt, type Objective } from "./objective.js";
import { type StepInfo, terminalProgress } from "./progress.js";
import { estimateElbo, estimateObjective, type ParticleEstimate, type RunContext, traceParticle } from "./trace-elbo.js";
import { formatPlan, planOf, type SitePlan } from "./plan.js";
import { estimateLogEvidence, type LogEvidence } from "./log-evidence.js";

/** Options of `fit`. */
export interface FitOptions {
  /** Passes over the data (default 1). */
  readonly epochs?: number;
  /** Examples per step (default 128, or the dataset size if smaller). */
  readonly batchSize?: number;
  /** Shuffle each epoch with the model's seeded stream (default true). */
  readonly shuffle?: boolean;
  /** Show a progress bar (default: when stderr is a terminal, else a line per epoch). */
  readonly progress?: boolean;
  /** Called after every step. */
  readonly onStep?: (info: StepInfo) => void;
  /** Called after every epoch. */
  readonly onEpoch?: (info: StepInfo) => void;
  /** Held-out data: its ELBO per example is evaluated after every epoch (`validationElbo`). */
  readonly validation?: object;
  /** Stop when the held-out ELBO has not improved for this many epochs (needs `validation`). */
  readonly patience?: number;
  /** Write a checkpoint (atomically) to this file after every `checkpointEvery` epochs. */
  readonly checkpoint?: string;
  /** Epochs between checkpoints (default 1). */
  readonly checkpointEvery?: number;
}

/** One epoch of `fit`. */
export interface EpochRecord {
  /** Held-out ELBO per example after this epoch, when `validation` was given. */
  readonly validationElbo?: number;
  /** The epoch's number, counting from 1. */
  readonly epoch: number;
  /**
   * Mean of the ELBO per example over this epoch's steps (sum of the batch ELBOs ÷ examples
   * seen), in nats; measured while the parameters change, so slightly behind `evaluate`.
   */
  readonly elboPerExample: number;
  /** Training throughput over this epoch: examples ÷ wall-clock seconds. */
  readonly examplesPerSecond: number;
}

/** Values and means of sites, by name; the caller owns (and disposes) the tensors. */
export interface SiteValues<N extends string = string> {
  /** The value each site took in this run (a draw, or the replayed value), by site name. */
  readonly values: Record<N, tf.Tensor>;
  /** The mean of each site's distribution in this run, by site name. */
  readonly means: Record<N, tf.Tensor>;
}

const FIT_KEYS = new Set([
  "epochs", "batchSize", "shuffle", "progress", "onStep", "onEpoch", "validation", "patience", "checkpoint", "checkpointEvery",
]);

function positiveInt(where: string, name: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isInteger(x) || x < 1) {
    throw new OptionsError(where, `'${name}' must be a positive integer, got ${String(x)}`);
  }
  return x;
}

/**
 * A compiled model and guide: stochastic variational inference with a learned (amortized)
 * guide. Create it with `compile(model, guide, options)`.
 *
 * @typeParam A - the programs' argument type
 * @typeParam L - the names of the guide's latent sites
 * @example
 * ```ts
 * const svi = compile(vae, q, { optimizer: adam(1e-3) });
 * svi.fit({ x: train }, { epochs: 10, batchSize: 128 });
 * console.log(svi.evaluate({ x: test }).elboPerExample);
 * ```
 */
export class SVI<A extends object, L extends string = string> {
  /** All learned parameters, by name. */
  readonly params = new ParamStore();
  private readonly optimizer: Optimizer;
  private readonly rng: RandomStream;
  private steps = 0;
  private varList: tf.Variable[] | undefined;
  private varMap = new Map<string, tf.Variable>();
  private byTfName = new Map<string, string>();
  private prepared = false;
  private pending: CheckpointData | undefined;
  private argTemplate: Map<string, number[]> | undefined;
  private sitePlan: SitePlan[] | undefined;
  private readonly baselines = new Map<string, number>();
  private notObservedArgs: string[] = [];

  /** @internal Use `compile`. */
  constructor(
    private readonly modelProgram: Program<A, Message, unknown>,
    private readonly guideProgram: Program<A, Message, unknown>,
    /** The objective being maximized (the ELBO, with its particle count and KL choice). */
    readonly objective: Objective,
    /** The optimizer configuration the model was compiled with (e.g. `adam(1e-3)`). */
    readonly optimizerSpec: OptimizerSpec,
    seed: number,
  ) {
    this.optimizer = optimizerSpec.create();
    this.rng = new RandomStream(seed);
  }

  /** Number of optimizer steps taken so far. */
  get stepCount(): number {
    return this.steps;
  }

  private context(): RunContext {
    return { store: this.params, rng: this.rng };
  }

  // First contact with real arguments: create the parameters, learn which arguments are only
  // observed data (for `generate`), apply a pending checkpoint.
  private prepare(args: A): void {
    if (!this.prepared) this.inspect(args);
    if (this.pending !== undefined) {
      // A checkpoint that does not fit keeps failing every call (it is never silently dropped).
      this.restore(this.pending);
      this.pending = undefined;
    }
  }

  private inspect(args: A): void {
    tf.tidy(() => {
      const traces = traceParticle(this.modelProgram, this.guideProgram, args, this.context());
      this.sitePlan = planOf(traces, this.objective);
      const observed = new Set<tf.Tensor>();
      for (const site of traces.model.sites()) if (site.isObserved) observed.add(site.value);
      const template = new Map<string, number[]>();
      const other: string[] = [];
      for (const [key, value] of Object.entries(args)) {
        if (!(value instanceof tf.Tensor)) continue;
        if (observed.has(value)) template.set(key, value.shape.slice(1));
        else other.push(key);
      }
      this.argTemplate = template;
      this.notObservedArgs = other;
    });
    this.prepared = true;
  }

  private variables(): tf.Variable[] {
    if (this.varList === undefined || this.varList.length !== this.params.size) {
      const vars = this.params.variables();
      this.varMap = vars;
      this.varList = [...vars.values()];
      this.byTfName = new Map([...vars].map(([name, v]) => [v.name, name]));
    }
    return this.varList;
  }

  // On the first step, look for variables that change the loss but were never declared.
  private checkUntracked(args: A): void {
    const known = new Set(this.variables().map((v) => v.name));
    const state = this.rng.getState();
    tf.tidy(() => {
      let grads: tf.NamedTensorMap;
      try {
        grads = tf.variableGrads(() => tf.neg(this.estimate(args).surrogate)).grads;
      } catch (e) {
        // tfjs refuses when no variable at all reaches the loss: then none is untracked either.
        if (
          e instanceof Error &&
          (e.message.startsWith("Cannot find a connection between any variable") ||
            e.message.startsWith("variableGrads() expects at least one of the input variables to be trainable"))
        ) {
          return;
        }
        throw e;
      }
      const stray = Object.keys(grads).filter((name) => !known.has(name));
      if (stray.length > 0) {
        const shapes = stray.map((n) => `'${n}' ${formatShape(grads[n]!.shape)}`).join(", ");
        throw new ModelStructureError(
          "step",
          `the loss depends on variable(s) ${shapes} that no module or param site declares, so they ` +
            `would never be trained or saved; register the network with \`yield* module("name", net)\``,
        );
      }
    });
    this.rng.setState(state);
  }

  // The objective on a batch, with this step's β and the score-function baselines.
  private estimate(args: A): ParticleEstimate {
    const beta = this.objective.kind === "elbo" ? scheduleAt(this.objective.klWeight, this.steps + 1) : 1;
    return estimateObjective(this.modelProgram, this.guideProgram, args, this.context(), this.objective, {
      beta,
      baselines: this.baselines,
    });
  }

  private updateBaselines(costs: ReadonlyMap<string, number>): void {
    if (this.objective.kind !== "elbo") return;
    const d = this.objective.baselineDecay;
    for (const [site, cost] of costs) {
      const b = this.baselines.get(site);
      this.baselines.set(site, b === undefined ? cost : d * b + (1 - d) * cost);
    }
  }

  /**
   * Per site, how the objective treats it (estimator, KL, scale, plates), known once the
   * model has seen its arguments (after the first `step`, `fit`, `evaluate` or `posterior`).
   *
   * @example
   * ```ts
   * svi.step({ x });
   * svi.plan![0]; // { name: "z", role: "latent", estimator: "pathwise", kl: "closed form", … }
   * ```
   */
  get plan(): readonly SitePlan[] | undefined {
    return this.sitePlan;
  }

  /**
   * The plan as text: the objective, then one line per site.
   *
   * @example
   * ```ts
   * console.log(svi.explain());
   * // objective: ELBO, 1 particle(s)
   * //   z: latent Independent(Normal), guide Independent(Normal), pathwise gradient, closed form KL × 1
   * //   x: observed Independent(Bernoulli), log-likelihood × 1
   * ```
   */
  explain(): string {
    if (this.sitePlan === undefined) return `${formatPlan([], this.objective)}
  (sites are known after the first step)`;
    return formatPlan(this.sitePlan, this.objective);
  }

  /**
   * Take one optimizer step on a batch and return the loss, −ELBO (Pyro's convention).
   *
   * @throws NonFiniteError, before touching the parameters, when the loss is NaN or infinite,
   * naming the first site whose term went bad
   * @example
   * ```ts
   * const loss = svi.step({ x: batch });
   * ```
   */
  step(args: A): number {
    this.prepare(args);
    if (this.steps === 0) this.checkUntracked(args);
    const vars = this.variables();
    const state = this.rng.getState();
    let costs = new Map<string, number>();
    const loss = tf.tidy(() => {
      if (vars.length === 0) {
        // nothing to learn: the step only evaluates the objective
        const est = this.estimate(args);
        costs = est.costs;
        return -est.value.dataSync()[0]!;
      }
      let valueTensor: tf.Scalar | undefined;
      const { grads } = tf.variableGrads(() => {
        const est = this.estimate(args);
        costs = est.costs;
        valueTensor = tf.keep(tf.neg(est.value));
        return tf.neg(est.surrogate);
      }, vars);
      const lossValue = valueTensor!.dataSync()[0]!;
      valueTensor!.dispose();
      if (!Number.isFinite(lossValue)) return lossValue;
      const named = new Map<string, tf.Tensor>();
      for (const [tfName, g] of Object.entries(grads)) named.set(this.byTfName.get(tfName)!, g);
      this.optimizer.apply(named, this.varMap);
      return lossValue;
    });
    if (Number.isFinite(loss)) this.updateBaselines(costs);
    if (!Number.isFinite(loss)) {
      this.rng.setState(state);
      const where = tf.tidy(() =>
        firstNonFiniteSite(
          traceParticle(this.modelProgram, this.guideProgram, args, this.context()),
          this.objective.kind === "elbo" && this.objective.analyticKL,
        ),
      );
      throw new NonFiniteError(
        `step ${this.steps + 1}`,
        `loss is ${loss}; ${where ?? "no single site is non-finite (the sum overflowed)"}; the parameters were not updated`,
      );
    }
    this.steps += 1;
    return loss;
  }

  /**
   * Train on a dataset: its tensor fields are split into shuffled minibatches along axis 0,
   * one optimizer step each. Returns one record per epoch.
   *
   * @example
   * ```ts
   * const history = svi.fit({ x: train }, { epochs: 10, batchSize: 128 });
   * history.at(-1)!.elboPerExample; // nats per example
   * ```
   */
  fit(data: A, options: FitOptions = {}): EpochRecord[] {
    for (const key of Object.keys(options)) {
      if (!FIT_KEYS.has(key)) throw new OptionsError("fit", `unknown option '${key}'; expected one of ${[...FIT_KEYS].join(", ")}`);
    }
    const n = datasetSize("fit", data);
    const epochs = positiveInt("fit", "epochs", options.epochs ?? 1);
    const batchSize = positiveInt("fit", "batchSize", options.batchSize ?? Math.min(128, n));
    if (batchSize > n) throw new OptionsError("fit", `'batchSize' ${batchSize} is larger than the dataset (${n} examples)`);
    const stepsPerEpoch = Math.ceil(n / batchSize);
    const patience = options.patience === undefined ? undefined : positiveInt("fit", "patience", options.patience);
    if (patience !== undefined && options.validation === undefined) {
      throw new OptionsError("fit", "'patience' needs 'validation' data to watch");
    }
    const every = positiveInt("fit", "checkpointEvery", options.checkpointEvery ?? 1);
    let best = -Infinity;
    let sinceBest = 0;
    const report = options.progress === false ? undefined : terminalProgress();
    const history: EpochRecord[] = [];
    let combination: BatchCombination = "sum";
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = options.shuffle === false ? Int32Array.from({ length: n }, (_, i) => i) : this.rng.permutation(n);
      const start = performance.now();
      let elboSum = 0;
      let seen = 0;
      let info: StepInfo | undefined;
      for (let s = 0; s < stepsPerEpoch; s++) {
        const idx = order.subarray(s * batchSize, Math.min(n, (s + 1) * batchSize));
        const batch = takeBatch(data, idx);
        try {
          inheritValidation(data, batch);
          if (epoch === 1 && s === 0 && idx.length < n) combination = this.combinationOf(batch, false);
          const stepElbo = -this.step(batch);
          elboSum += combination === "sum" ? stepElbo : (stepElbo * idx.length) / n;
          if (epoch === 1 && s === 0) validateLikeBatch(data, batch);
        } finally {
          disposeBatch(batch);
        }
        seen += idx.length;
        info = {
          epoch,
          epochs,
          step: s + 1,
          stepsPerEpoch,
          elboPerExample: elboSum / seen,
          examplesPerSecond: seen / ((performance.now() - start) / 1000),
        };
        options.onStep?.(info);
        report?.(info, s + 1 === stepsPerEpoch);
      }
      options.onEpoch?.(info!);
      const record: EpochRecord = { epoch, elboPerExample: info!.elboPerExample, examplesPerSecond: info!.examplesPerSecond };
      if (options.validation !== undefined) {
        const v = this.evaluate(options.validation as A).elboPerExample;
        history.push({ ...record, validationElbo: v });
        if (v > best) {
          best = v;
          sinceBest = 0;
        } else sinceBest += 1;
      } else history.push(record);
      if (options.checkpoint !== undefined && epoch % every === 0) this.saveSync(options.checkpoint);
      if (patience !== undefined && sinceBest >= patience) break;
    }
    return history;
  }

  // How this model's batch ELBOs add up to the dataset's, from one trace of `batch` (the random
  // stream is restored, so the draws of training and evaluation are the same as without it).
  private combinationOf(batch: A, strict: boolean): BatchCombination {
    this.prepare(batch);
    const state = this.rng.getState();
    try {
      return tf.tidy(() => {
        const traces = traceParticle(this.modelProgram, this.guideProgram, batch, this.context());
        return strict ? batchCombination("evaluate", traces) : batchCombinationOf(traces).combination;
      });
    } finally {
      this.rng.setState(state);
    }
  }

  /**
   * Estimate the ELBO of a dataset (no training), in contiguous batches.
   *
   * `elboPerExample` is the total divided by the number of examples: the usual figure for a
   * VAE (nats per example), a lower bound on the mean log-likelihood log p(x).
   *
   * @example
   * ```ts
   * svi.evaluate({ x: test }, { particles: 10 }).elboPerExample; // e.g. −105.3
   * ```
   */
  evaluate(
    data: A,
    options: {
      /**
       * Examples per batch (default: all of them, one pass). With smaller batches the batch ELBOs
       * are added up when the model's ELBO is a sum over examples, or averaged (weighted by
       * batch size) when a subsampled plate makes each one an estimate of the whole.
       */
      batchSize?: number;
      /** Monte Carlo particles per estimate (default: the objective's `particles`). */
      particles?: number;
    } = {},
  ): {
    /** The ELBO of the whole dataset (sum of the batch estimates), in nats. */
    elbo: number;
    /** `elbo` divided by the number of examples, in nats per example. */
    elboPerExample: number;
  } {
    const n = datasetSize("evaluate", data);
    const batchSize = positiveInt("evaluate", "batchSize", options.batchSize ?? n);
    const particles = positiveInt("evaluate", "particles", options.particles ?? this.objective.particles);
    const objective: Objective = { ...this.objective, particles };
    let total = 0;
    let combination: BatchCombination = "sum";
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const estimate = tf.tidy(() => {
        const batch = sliceBatch(data, start, size);
        this.prepare(batch);
        if (start === 0 && size < n) combination = this.combinationOf(batch, true);
        return estimateElbo(this.modelProgram, this.guideProgram, batch, this.context(), objective).dataSync()[0]!;
      });
      total += combination === "sum" ? estimate : (estimate * size) / n;
    }
    if (!Number.isFinite(total)) throw new NonFiniteError("evaluate", `the ELBO is ${total}`);
    return { elbo: total, elboPerExample: total / n };
  }

  /**
   * Estimate log p(x) for these arguments by importance sampling with the guide as proposal,
   * with its standard error, effective sample size and Pareto k̂ (trust it when k̂ < 0.7).
   *
   * @example
   * ```ts
   * const { logEvidence, standardError, paretoK } = svi.logEvidence({ x: digit }, { particles: 1000 });
   * ```
   */
  logEvidence(args: A, options: { particles?: number } = {}): LogEvidence {
    this.prepare(args);
    return estimateLogEvidence(this.modelProgram, this.guideProgram, args, this.context(), options.particles ?? 1000);
  }

  /**
   * Draw from the guide q(z | x) for these arguments: each latent's value and its guide
   * distribution's mean (e.g. the encoder's μ for a VAE).
   *
   * @example
   * ```ts
   * const { values, means } = svi.posterior({ x: digits });
   * means.z; // [n, 20], the latent codes
   * ```
   */
  posterior(args: A): SiteValues<L> {
    this.prepare(args);
    return tidyObject(() => {
      const t = new Trace();
      run(this.guideProgram, args, [traceHandler(t), paramHandler(this.params), seedHandler(this.rng)]);
      return collect(t) as SiteValues<L>;
    });
  }

  /**
   * Run the model with its observed sites sampled: from the prior, or (`from: "posterior"`)
   * with the latents drawn from the guide given these arguments (reconstructions).
   *
   * @example
   * ```ts
   * const recon = svi.predict({ x: digits }, { from: "posterior" });
   * recon.means.x; // Bernoulli means of the reconstructed pixels
   * ```
   */
  predict(args: A, options: { from?: "prior" | "posterior" } = {}): SiteValues {
    this.prepare(args);
    return tidyObject(() => {
      const handlers = [paramHandler(this.params), unobserveHandler(), seedHandler(this.rng)];
      if (options.from === "posterior") {
        const g = new Trace();
        run(this.guideProgram, args, [traceHandler(g), paramHandler(this.params), seedHandler(this.rng)]);
        handlers.splice(1, 0, replayHandler(g));
      }
      const t = new Trace();
      run(this.modelProgram, args, [traceHandler(t), ...handlers]);
      return collect(t);
    });
  }

  /**
   * Draw `n` examples from the prior predictive p(x) = ∫ p(x | z) p(z) dz: every site's value
   * and its distribution's mean (for a VAE, `means.x` is the decoded image).
   *
   * Works for models whose tensor arguments are only observed data (they are replaced by
   * placeholders of `n` rows); otherwise use `predict(args)`.
   *
   * @example
   * ```ts
   * const { means } = svi.generate(64);
   * means.x; // [64, 784]
   * ```
   */
  generate(n: number): SiteValues {
    positiveInt("generate", "n", n);
    if (this.argTemplate === undefined) {
      throw new ValidationError("generate", "the model has not seen its arguments yet; call step, fit or load first");
    }
    if (this.notObservedArgs.length > 0) {
      throw new ValidationError(
        "generate",
        `the model's argument(s) ${this.notObservedArgs.map((k) => `'${k}'`).join(", ")} are not only observed data; use predict(args)`,
      );
    }
    const args: Record<string, tf.Tensor> = {};
    for (const [key, shape] of this.argTemplate) args[key] = tf.zeros([n, ...shape]);
    try {
      return this.predict(args as unknown as A);
    } finally {
      for (const t of Object.values(args)) t.dispose();
    }
  }

  /**
   * Save parameters, optimizer state, step count and random state to `file`, atomically
   * (write to a temporary file, fsync, rename): a crash never leaves a torn checkpoint.
   *
   * @example
   * ```ts
   * await svi.save("out/vae.ckpt.json");
   * ```
   */
  async save(file: string): Promise<void> {
    const optimizer = this.optimizer.state();
    try {
      await writeCheckpoint(file, this.checkpointData(optimizer));
    } finally {
      for (const t of optimizer.values()) t.dispose();
    }
  }

  /**
   * `save`, synchronously (same atomic protocol); `fit` uses it for its checkpoints.
   *
   * @example
   * ```ts
   * svi.saveSync("out/vae.ckpt.json");
   * ```
   */
  saveSync(file: string): void {
    const optimizer = this.optimizer.state();
    try {
      writeCheckpointSync(file, this.checkpointData(optimizer));
    } finally {
      for (const t of optimizer.values()) t.dispose();
    }
  }

  private checkpointData(optimizer: Map<string, tf.Tensor>): CheckpointData {
    return {
      step: this.steps,
      rngState: this.rng.getState(),
      params: this.params.variables(),
      optimizer,
      meta: {
        argTemplate: this.argTemplate ? Object.fromEntries(this.argTemplate) : undefined,
        notObservedArgs: this.notObservedArgs,
        baselines: Object.fromEntries(this.baselines),
      },
    };
  }

  /**
   * Load a checkpoint written by `save`. If the parameters do not exist yet (nothing has run),
   * they are restored on first use. A checkpoint of a different model is refused with the
   * list of mismatched parameter names and shapes.
   *
   * @example
   * ```ts
   * const svi = compile(vae, q, { optimizer: adam(1e-3) });
   * await svi.load("out/vae.ckpt.json");
   * svi.generate(16);
   * ```
   */
  async load(file: string): Promise<void> {
    const data = await readCheckpoint(file);
    const meta = data.meta as { argTemplate?: Record<string, number[]>; notObservedArgs?: string[]; baselines?: Record<string, number> };
    for (const [k, v] of Object.entries(meta.baselines ?? {})) this.baselines.set(k, v);
    if (meta.argTemplate !== undefined && this.argTemplate === undefined) {
      this.argTemplate = new Map(Object.entries(meta.argTemplate));
      this.notObservedArgs = meta.notObservedArgs ?? [];
    }
    if (this.pending !== undefined) disposeCheckpoint(this.pending);
    this.pending = undefined;
    if (!this.prepared) {
      this.pending = data;
      return;
    }
    try {
      this.restore(data);
    } catch (e) {
      disposeCheckpoint(data);
      throw e;
    }
  }

  // Assign a checkpoint; throws (before changing anything) when it does not fit this model.
  private restore(data: CheckpointData): void {
    this.params.assign(data.params as Map<string, tf.Tensor>);
    this.optimizer.setState(data.optimizer);
    this.steps = data.step;
    this.rng.setState(data.rngState);
    disposeCheckpoint(data);
  }

  /** Free the parameters created by `param` sites and the optimizer state. */
  dispose(): void {
    if (this.pending !== undefined) disposeCheckpoint(this.pending);
    this.pending = undefined;
    this.params.dispose();
    this.optimizer.dispose();
  }
}

// A batch gathered from validated data is valid too.
function inheritValidation(data: object, batch: object): void {
  const b = batch as Record<string, unknown>;
  for (const [key, value] of Object.entries(data)) {
    const part = b[key];
    if (value instanceof tf.Tensor && part instanceof tf.Tensor) {
      for (const c of validatedConstraints(value)) markValidated(part, c);
    }
  }
}

// After the first step, check each whole data field once against the constraints its batch
// was checked against, so later batches skip the check (they inherit the mark).
function validateLikeBatch(data: object, batch: object): void {
  const b = batch as Record<string, unknown>;
  for (const [key, value] of Object.entries(data)) {
    const part = b[key];
    if (!(value instanceof tf.Tensor) || !(part instanceof tf.Tensor)) continue;
    for (const c of validatedConstraints(part)) checkConstraint(`fit: data '${key}'`, "every value", value, c);
  }
}

function disposeCheckpoint(data: CheckpointData): void {
  for (const t of data.params.values()) t.dispose();
  for (const t of data.optimizer.values()) t.dispose();
}

function collect(t: Trace): SiteValues {
  const values: Record<string, tf.Tensor> = {};
  const means: Record<string, tf.Tensor> = {};
  for (const site of t.sites()) {
    values[site.name] = site.value;
    try {
      means[site.name] = site.fn.mean;
    } catch {
      // no closed-form mean (e.g. a transformed distribution): `values` still has the draw
    }
  }
  return { values, means };
}

