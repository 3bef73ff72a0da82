/**
 * Checkpoint files: parameters, optimizer state, step and random state, written atomically.
 *
 * @module
 */
import { closeSync, fsyncSync, mkdirSync, openSync, promises as fs, renameSync, writeSync } from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { ValidationError } from "../errors.js";

/** The format tag written into every checkpoint. */
export const CHECKPOINT_FORMAT = "latent.checkpoint";

/** What a checkpoint holds. */
export interface CheckpointData {
  /** Number of optimizer steps taken when the checkpoint was written. */
  readonly step: number;
  /** State of the random stream, from {@link RandomStream.getState}. */
  readonly rngState: number;
  /** Every trainable variable by parameter name (`param` sites in their unconstrained space). */
  readonly params: ReadonlyMap<string, tf.Tensor>;
  /** The optimizer's state by name, from {@link Optimizer.state}. */
  readonly optimizer: ReadonlyMap<string, tf.Tensor>;
  /** Extra JSON-serializable information, written and read back as is. */
  readonly meta: Readonly<Record<string, unknown>>;
}

interface EncodedTensor {
  shape: number[];
  data: string;
}

function encode(t: tf.Tensor): EncodedTensor {
  const data = t.dataSync() as Float32Array;
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return { shape: t.shape, data: bytes.toString("base64") };
}

function decode(where: string, name: string, e: EncodedTensor): tf.Tensor {
  const bytes = Buffer.from(e.data, "base64");
  const n = e.shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== 4 * n) {
    throw new ValidationError(where, `entry '${name}' holds ${bytes.byteLength / 4} numbers for shape [${e.shape.join(",")}]`);
  }
  const copy = new Float32Array(n);
  new Uint8Array(copy.buffer).set(bytes);
  return tf.tensor(copy, e.shape, "float32");
}

function encodeMap(m: ReadonlyMap<string, tf.Tensor>): Record<string, EncodedTensor> {
  const out: Record<string, EncodedTensor> = {};
  for (const [k, v] of m) out[k] = encode(v);
  return out;
}

/**
 * Write a checkpoint atomically: to a temporary file beside `file`, fsync, then rename over
 * `file`. A crash at any moment leaves either the old checkpoint or the new one, never a
 * torn file.
 *
 * @example
 * ```ts
 * await writeCheckpoint("out/vae.ckpt.json", data);
 * ```
 */
export async function writeCheckpoint(file: string, data: CheckpointData): Promise<void> {
  const body = serialize(data);
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  const handle = await fs.open(tmp, "w");
  try {
    await handle.writeFile(body);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
}

/**
 * The synchronous twin of {@link writeCheckpoint} (same atomic protocol), for `fit`.
 *
 * @example
 * ```ts
 * writeCheckpointSync("out/vae.ckpt.json", data);
 * ```
 */
export function writeCheckpointSync(file: string, data: CheckpointData): void {
  const body = serialize(data);
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, body);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

function serialize(data: CheckpointData): string {
  return JSON.stringify({
    format: CHECKPOINT_FORMAT,
    version: 1,
    step: data.step,
    rngState: data.rngState,
    meta: data.meta,
    params: encodeMap(data.params),
    optimizer: encodeMap(data.optimizer),
  });
}

/**
 * Read a checkpoint written by {@link writeCheckpoint}; the tensors are new and owned by the
 * caller.
 *
 * @throws ValidationError naming the file when it is not a `latent` checkpoint
 * @example
 * ```ts
 * const data = await readCheckpoint("out/vae.ckpt.json");
 * ```
 */
export async function readCheckpoint(file: string): Promise<CheckpointData> {
  const where = `load '${file}'`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, "utf8"));
  } catch (e) {
    throw new ValidationError(where, `not a readable JSON checkpoint (${(e as Error).message})`);
  }
  const p = parsed as {
    format?: string;
    version?: number;
    step?: number;
    rngState?: number;
    meta?: Record<string, unknown>;
    params?: Record<string, EncodedTensor>;
    optimizer?: Record<string, EncodedTensor>;
  };
  if (p.format !== CHECKPOINT_FORMAT || p.version !== 1 || p.params === undefined) {
    throw new ValidationError(where, `expected a ${CHECKPOINT_FORMAT} version 1 file, got format '${String(p.format)}'`);
  }
  const params = new Map<string, tf.Tensor>();
  for (const [k, v] of Object.entries(p.params)) params.set(k, decode(where, k, v));
  const optimizer = new Map<string, tf.Tensor>();
  for (const [k, v] of Object.entries(p.optimizer ?? {})) optimizer.set(k, decode(where, k, v));
  return { step: p.step ?? 0, rngState: p.rngState ?? 0, params, optimizer, meta: p.meta ?? {} };
}
