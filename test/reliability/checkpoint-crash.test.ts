// Checkpoints survive a crash: a training process killed with SIGKILL in the middle of writing
// a checkpoint leaves the previous checkpoint intact, and training resumed from it in another
// process is bit-for-bit the run that was interrupted.
//
// The child (fixtures/train-and-checkpoint.ts) trains the tiny VAE of test/infer/svi.test.ts,
// prints every loss, and saves a checkpoint every EVERY steps. Each checkpoint carries a
// ballast parameter of BALLAST floats (unused by the loss) so that one write lasts tens of
// milliseconds; the test watches the directory and, once at least 3 checkpoints were written,
// sends SIGKILL the moment a temporary file holds its first bytes: in the middle of a write.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  adam, Bernoulli, CHECKPOINT_FORMAT, compile, guide, latent, LatentError, mlp, model, module, Normal, observe, param,
  readCheckpoint, ShapeError, tf, ValidationError,
} from "latent";
import { data, TRAINING, tinyVae, trainer } from "./fixtures/train-and-checkpoint.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = fileURLToPath(new URL("./fixtures/train-and-checkpoint.ts", import.meta.url));
const SEED = 7;
const EVERY = 4;
const BALLAST = 1_000_000; // ≈ 5.3 MB of JSON per checkpoint
const MAX_STEPS = 400; // the child stops by itself after this many steps
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "latent-crash-"));
  dirs.push(d);
  return d;
}

interface ChildLog {
  /** Loss after each step, by step number, exactly as the child computed it. */
  readonly losses: Map<number, number>;
  /** Steps whose checkpoint write returned (the file was renamed into place). */
  readonly saved: number[];
  /** Steps whose checkpoint write started. */
  readonly saving: number[];
  done: number | undefined;
  stderr: string;
}

function spawnTrainer(file: string, maxSteps: number, ballast: number): { child: ChildProcess; log: ChildLog; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", FIXTURE, "--file", file, "--seed", String(SEED), "--every", String(EVERY), "--max-steps", String(maxSteps), "--ballast", String(ballast)],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  const log: ChildLog = { losses: new Map(), saved: [], saving: [], done: undefined, stderr: "" };
  let buffer = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const [kind, a, b] = buffer.slice(0, nl).split(" ");
      buffer = buffer.slice(nl + 1);
      if (kind === "loss") log.losses.set(Number(a), Number(b));
      else if (kind === "saving") log.saving.push(Number(a));
      else if (kind === "saved") log.saved.push(Number(a));
      else if (kind === "done") log.done = Number(a);
    }
  });
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    log.stderr += chunk;
  });
  // "close", not "exit": every line the child wrote before it died has been read by then
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return { child, log, exited };
}

/** Size of a file, or -1 when it does not exist (any more). */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
}

const tmpFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.includes(".tmp-"));

/** Losses of k steps of a fresh trainer (no checkpoint), in this process. */
function uninterrupted(steps: number): number[] {
  const { svi, dispose } = trainer(SEED, BALLAST);
  const x = data(TRAINING.examples);
  const losses = Array.from({ length: steps }, () => svi.step({ x }));
  x.dispose();
  dispose();
  return losses;
}

describe("a training process killed with SIGKILL while it writes checkpoints", () => {
  it("leaves the last checkpoint intact, and training resumed from it is bit-identical to the uninterrupted run", async () => {
    const dir = tempDir();
    const file = path.join(dir, "vae.ckpt.json");
    const t0 = performance.now();

    // A second child that is never killed must stop by itself after its --max-steps.
    const boundedDir = tempDir();
    const bounded = spawnTrainer(path.join(boundedDir, "bounded.ckpt.json"), 6, 0);

    const { child, log, exited } = spawnTrainer(file, MAX_STEPS, BALLAST);
    let killedWhileWriting: string | undefined;
    const watcher = watch(dir, (_event, name) => {
      // (an event may arrive late, for a temporary file already renamed: check it is there now)
      if (
        killedWhileWriting === undefined &&
        log.saved.length >= 3 &&
        name !== null &&
        name.includes(".tmp-") &&
        sizeOf(path.join(dir, name)) > 0 // bytes of the new checkpoint are on their way
      ) {
        child.kill("SIGKILL");
        killedWhileWriting = name;
      }
    });
    // Give up (and fail below) if no write was caught within 60 s; the child stops on its own anyway.
    const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
    const { signal } = await exited;
    clearTimeout(guard);
    watcher.close();
    const killMs = performance.now() - t0;

    expect(log.stderr).toBe("");
    expect(signal).toBe("SIGKILL");
    expect(log.done).toBeUndefined();
    expect(killedWhileWriting).toBeDefined();
    expect(log.saved.length).toBeGreaterThanOrEqual(3);
    const lastSaved = log.saved.at(-1)!;
    // the write that was interrupted had started and never returned
    expect(log.saving.at(-1)).toBe(lastSaved + EVERY);

    // (a) the last checkpoint parses and loads; it is the last one the child reported
    const raw = JSON.parse(readFileSync(file, "utf8")) as { format: string; step: number };
    expect(raw.format).toBe(CHECKPOINT_FORMAT);
    expect(raw.step).toBe(lastSaved);
    const ckpt = await readCheckpoint(file);
    expect(ckpt.step).toBe(lastSaved);
    expect(ckpt.params.get("ballast.w")!.shape).toEqual([BALLAST]);
    tf.dispose([...ckpt.params.values(), ...ckpt.optimizer.values()]);

    // (b) the interrupted write left only its temporary file behind; the real file is whole
    const leftovers = tmpFiles(dir);
    expect(leftovers).toContain(killedWhileWriting);
    expect(readdirSync(dir).sort()).toEqual(["vae.ckpt.json", ...leftovers].sort());
    const torn = path.join(dir, killedWhileWriting!);
    const tornSize = statSync(torn).size;
    const tornParses = (() => {
      try {
        JSON.parse(readFileSync(torn, "utf8"));
        return true;
      } catch {
        return false;
      }
    })();
    if (!tornParses) {
      // loading the torn temporary file by mistake is a clear error naming the file
      await expect(readCheckpoint(torn)).rejects.toThrow(ValidationError);
      await expect(readCheckpoint(torn)).rejects.toThrow(`load '${torn}': not a readable JSON checkpoint`);
    }

    // (c) resume in this process from the checkpoint for k steps
    const k = EVERY;
    const { svi, dispose } = trainer(SEED + 1000, BALLAST); // another seed: load must restore the random state
    await svi.load(file);
    const x = data(TRAINING.examples);
    const resumed = Array.from({ length: k }, () => svi.step({ x }));
    expect(svi.stepCount).toBe(lastSaved + k);
    // ...and save over the same path: the leftover temporary file does not get in the way
    await svi.save(file);
    dispose();
    x.dispose();
    expect((await readCheckpoint(file)).step).toBe(lastSaved + k);
    expect(tmpFiles(dir)).toEqual(leftovers);

    // the child ran those steps uninterrupted before it was killed: same losses, bit for bit
    const childAfter = Array.from({ length: k }, (_, i) => log.losses.get(lastSaved + 1 + i));
    expect(resumed).toEqual(childAfter);
    // and so does an uninterrupted run from step 0 in this process (which also reproduces the
    // child's losses up to the checkpoint: the run is deterministic across processes)
    const fresh = uninterrupted(lastSaved + k);
    expect(fresh.slice(lastSaved)).toEqual(resumed);
    expect(fresh.slice(0, lastSaved)).toEqual(Array.from({ length: lastSaved }, (_, i) => log.losses.get(i + 1)));

    const b = await bounded.exited;
    expect(bounded.log.stderr).toBe("");
    expect(b).toEqual({ code: 0, signal: null });
    expect(bounded.log.done).toBe(6);
    expect(bounded.log.saved).toEqual([4]);
    expect([...bounded.log.losses.values()]).toEqual(fresh.slice(0, 6));

    console.log(
      `[checkpoint-crash] killed after ${log.saved.length} checkpoints (last at step ${lastSaved}) ` +
        `during the write of step ${log.saving.at(-1)} (${(killMs / 1000).toFixed(1)} s in); ` +
        `leftover ${killedWhileWriting} of ${tornSize} bytes (${tornParses ? "complete" : "torn"}); resumed ${k} steps bit-identically`,
    );
  });

  it("a truncated checkpoint is refused with a clear error naming the file, and the real one still loads", async () => {
    const dir = tempDir();
    const file = path.join(dir, "small.ckpt.json");
    const { svi, dispose } = trainer(SEED, 0);
    const x = data(TRAINING.examples);
    svi.step({ x });
    await svi.save(file);
    const body = readFileSync(file, "utf8");
    const half = path.join(dir, "half.ckpt.json");
    writeFileSync(half, body.slice(0, Math.floor(body.length / 2)));
    await expect(svi.load(half)).rejects.toThrow(ValidationError);
    await expect(svi.load(half)).rejects.toThrow(`load '${half}': not a readable JSON checkpoint`);
    const missing = path.join(dir, "nope.ckpt.json");
    expect(existsSync(missing)).toBe(false);
    await expect(svi.load(missing)).rejects.toThrow(`load '${missing}'`);
    // a failed load changes nothing: training goes on from where it was
    const before = svi.stepCount;
    await svi.load(file);
    expect(svi.stepCount).toBe(before);
    expect(Number.isFinite(svi.step({ x }))).toBe(true);
    dispose();
    x.dispose();
  });
});

describe("loading a checkpoint of a different model", () => {
  // The checkpoint's model: the tiny VAE (encoder.{0,1}.{weight,bias}, decoder.{0,1}.{weight,bias}).
  // The other model keeps the decoder, drops the encoder (4 extra entries in the checkpoint) and
  // adds a param 'q_loc' [2] that the checkpoint lacks.
  function otherModel() {
    const decoder = mlp([2, 16, 8], { seed: 9 });
    const m = model(function* ({ x }: { x: tf.Tensor2D }) {
      const decode = yield* module("decoder", decoder);
      const z = yield* latent("z", Normal(0, 1).expand([x.shape[0], 2]).toEvent(1));
      yield* observe("x", Bernoulli({ logits: decode(z) }).toEvent(1), x);
    });
    const g = guide(m, function* ({ x }) {
      const loc = yield* param("q_loc", () => tf.zeros([2]));
      yield* latent("z", Normal(loc, 1).expand([x.shape[0], 2]).toEvent(1));
    });
    return { m, g, decoder };
  }

  async function checkpointOfTinyVae(): Promise<string> {
    const file = path.join(tempDir(), "vae.ckpt.json");
    const a = tinyVae(3);
    const svi = compile(a.vae, a.q, { optimizer: adam(1e-2) });
    const x = data(8);
    svi.step({ x });
    await svi.save(file);
    svi.dispose();
    a.dispose();
    x.dispose();
    return file;
  }

  const expected = [
    "missing 'q_loc' [2]",
    "unexpected 'encoder.0.weight' [8,16]",
    "unexpected 'encoder.0.bias' [16]",
    "unexpected 'encoder.1.weight' [16,4]",
    "unexpected 'encoder.1.bias' [4]",
  ];

  it("names every missing and extra parameter with its shape, when loaded before the first step", async () => {
    const file = await checkpointOfTinyVae();
    const b = otherModel();
    const x = data(8);
    const baseline = tf.memory().numTensors;
    const svi = compile(b.m, b.g, { optimizer: adam(1e-2) });
    await svi.load(file); // nothing has run yet: applied on first use
    let error: unknown;
    try {
      svi.step({ x });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ShapeError);
    expect(error).toBeInstanceOf(LatentError);
    const msg = (error as Error).message;
    expect(msg.startsWith("load: saved parameters do not fit this model: ")).toBe(true);
    for (const part of expected) expect(msg).toContain(part);
    expect(msg.split("; ")).toHaveLength(expected.length);
    // the decoder, present in both with the same shapes, is not listed
    expect(msg).not.toContain("decoder");
    // it keeps failing (the checkpoint is not silently dropped) and nothing was trained
    expect(() => svi.step({ x })).toThrow(ShapeError);
    expect(svi.stepCount).toBe(0);
    svi.dispose();
    // the refused checkpoint's tensors are freed with the model
    expect(tf.memory().numTensors).toBe(baseline);
    b.decoder.dispose();
    x.dispose();
  });

  it("names them too when loaded into a model that has trained, and changes nothing", async () => {
    const file = await checkpointOfTinyVae();
    const b = otherModel();
    const x = data(8);
    const svi = compile(b.m, b.g, { optimizer: adam(1e-2) });
    svi.step({ x });
    const snapshot = () => new Map([...svi.params.variables()].map(([k, v]) => [k, Array.from(v.dataSync())]));
    const before = snapshot();
    const baseline = tf.memory().numTensors;
    await expect(svi.load(file)).rejects.toThrow(ShapeError);
    const error = await svi.load(file).catch((e: unknown) => e);
    const msg = (error as Error).message;
    for (const part of expected) expect(msg).toContain(part);
    expect(tf.memory().numTensors).toBe(baseline);
    expect(snapshot()).toEqual(before);
    expect(svi.stepCount).toBe(1);
    expect(Number.isFinite(svi.step({ x }))).toBe(true);
    svi.dispose();
    b.decoder.dispose();
    x.dispose();
  });
});
