/**
 * Backend selection: tfjs's wasm backend (default, fastest for network-sized models here) or
 * its pure-JavaScript cpu backend.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";

/** The backends `latent` supports. */
export type BackendName = "wasm" | "cpu";

/**
 * Switch tfjs to `name` and wait until it is ready. Call once at start-up, before creating
 * tensors: tensors made on one backend are moved lazily to the other, at a cost.
 *
 * Measured on a 2-core machine (MLP VAE 784-400-20, batch 128): wasm ≈ 20× faster than cpu.
 * For tiny models (a few scalars per step) cpu can be faster: each wasm op has a fixed cost.
 *
 * @example
 * ```ts
 * await useBackend("wasm");
 * ```
 */
export async function useBackend(name: BackendName = "wasm"): Promise<void> {
  if (name !== "wasm" && name !== "cpu") {
    throw new RangeError(`useBackend: expected "wasm" or "cpu", got ${JSON.stringify(name)}`);
  }
  // The cpu backend prints an advert for tfjs-node on first use unless PROD is set; PROD only
  // silences tfjs's warnings (it changes no numerics).
  tf.env().set("PROD", true);
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`useBackend: the ${name} backend failed to initialize`);
  await tf.ready();
}

/**
 * The name of the active backend.
 *
 * @example
 * ```ts
 * currentBackend(); // "wasm"
 * ```
 */
export function currentBackend(): string {
  return tf.getBackend();
}
