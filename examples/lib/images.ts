/**
 * Writing grids of 28×28 grey images as PNG files (for the VAE demo's pictures).
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { PNG } from "pngjs";
import { tf } from "latent";

/**
 * Write `images` ([n, 784], values in [0, 1]) as a grid with `columns` columns, each image
 * scaled up by `zoom`, to `file`.
 */
export async function writeImageGrid(file: string, images: tf.Tensor, columns: number, zoom = 2): Promise<void> {
  const [n] = images.shape as [number, number];
  const side = 28;
  const pad = 2;
  const rows = Math.ceil(n / columns);
  const cell = side * zoom + pad;
  const width = columns * cell + pad;
  const height = rows * cell + pad;
  const png = new PNG({ width, height });
  png.data.fill(255);
  const pixels = images.dataSync();
  for (let k = 0; k < n; k++) {
    const x0 = pad + (k % columns) * cell;
    const y0 = pad + Math.floor(k / columns) * cell;
    for (let y = 0; y < side * zoom; y++) {
      for (let x = 0; x < side * zoom; x++) {
        const v = pixels[k * side * side + Math.floor(y / zoom) * side + Math.floor(x / zoom)]!;
        const grey = Math.round(255 * (1 - Math.min(1, Math.max(0, v))));
        const i = ((y0 + y) * width + x0 + x) * 4;
        png.data[i] = grey;
        png.data[i + 1] = grey;
        png.data[i + 2] = grey;
        png.data[i + 3] = 255;
      }
    }
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, PNG.sync.write(png));
}
