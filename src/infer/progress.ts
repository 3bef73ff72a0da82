/**
 * Progress reporting for `fit`: a bar in a terminal, a line per epoch elsewhere.
 *
 * @module
 */

/** What `fit` reports after each step. */
export interface StepInfo {
  /** The current epoch, counting from 1. */
  readonly epoch: number;
  /** Total number of epochs of this `fit`. */
  readonly epochs: number;
  /** The step just taken within this epoch, counting from 1. */
  readonly step: number;
  /** Number of steps in each epoch: ⌈examples ÷ batchSize⌉. */
  readonly stepsPerEpoch: number;
  /** Running mean of the ELBO per example over this epoch (nats). */
  readonly elboPerExample: number;
  /** Training throughput over this epoch so far. */
  readonly examplesPerSecond: number;
}

/**
 * Render a one-line progress bar.
 *
 * @example
 * ```ts
 * progressLine({ epoch: 1, epochs: 10, step: 35, stepsPerEpoch: 71, elboPerExample: -120.5,
 *   examplesPerSecond: 5000 });
 * // "epoch 1/10 [##########..........] 35/71  ELBO -120.50 nats/example  5,000 examples/s"
 * ```
 */
export function progressLine(info: StepInfo, width = 20): string {
  const filled = Math.round((info.step / info.stepsPerEpoch) * width);
  const bar = "#".repeat(filled) + ".".repeat(width - filled);
  const rate = Math.round(info.examplesPerSecond).toLocaleString("en-US");
  return (
    `epoch ${info.epoch}/${info.epochs} [${bar}] ${info.step}/${info.stepsPerEpoch}  ` +
    `ELBO ${info.elboPerExample.toFixed(2)} nats/example  ${rate} examples/s`
  );
}

/**
 * A reporter that redraws one line in a terminal and prints one line per epoch otherwise.
 *
 * @example
 * ```ts
 * const report = terminalProgress(process.stderr);
 * report(info, false);
 * ```
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): (info: StepInfo, endOfEpoch: boolean) => void {
  let lastDraw = 0;
  return (info, endOfEpoch) => {
    if (stream.isTTY) {
      const now = Date.now();
      if (endOfEpoch || now - lastDraw > 100) {
        lastDraw = now;
        stream.write(`\r${progressLine(info)}\u001b[K${endOfEpoch ? "\n" : ""}`);
      }
    } else if (endOfEpoch) {
      stream.write(`${progressLine(info)}\n`);
    }
  };
}
