import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { encode } from 'fast-png';

/**
 * A tiny training set for the fault tests: a same-padding U-Net on 32×32 gray tiles and a few
 * 40×40 images with masks, written into `dir`. Everything a test varies (the data section's
 * extra lines, the optimizer, the image files) is a parameter; the rest trains in seconds.
 */
export interface TinySpecOptions {
  readonly data?: string;
  readonly optimizer?: string;
  readonly stepsPerEpoch?: number;
  readonly filters?: number;
  readonly checkpointEvery?: number;
}

export function tinySpec(dir: string, name: string, options: TinySpecOptions = {}): string {
  const text = `name: "${name}"
network {
  input: 32 x 32 x 1
  classes: 2
  depth: 2
  filters: ${options.filters ?? 4}
  block { convs: 1, kernel: 3, padding: same, activation: relu }
  down: maxpool(2)
  up: transpose(kernel: 2, stride: 2)
  skip: concat
  head: softmax
}
data {
  images: "img"
  masks: "mask"
  ${options.data ?? 'classes { background: 0, cell: 255 }\n  normalize: range(0, 255)'}
  validation: 0%
  weight_map: none
}
train {
  optimizer: ${options.optimizer ?? 'adam(lr: 0.01)'}
  loss: ce
  batch: 1
  epochs: 1
  steps_per_epoch: ${options.stepsPerEpoch ?? 4}
  seed: 1
  checkpoint { every: ${options.checkpointEvery ?? 2}, keep: 3 }
  select_by: last
}
`;
  const path = join(dir, `${name}.unet`);
  writeFileSync(path, text);
  return path;
}

/** A gray 8- or 16-bit PNG of `size`² pixels whose value at pixel i is `value(i)`. */
export function grayPng(path: string, size: number, value: (i: number) => number, depth: 8 | 16 = 8): void {
  const n = size * size;
  const data = depth === 8 ? new Uint8Array(n) : new Uint16Array(n);
  for (let i = 0; i < n; i++) data[i] = value(i);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, encode({ width: size, height: size, data, channels: 1, depth }));
}

/** Two 40×40 samples: textured images, 0/255 masks (cells in a membrane grid). */
export function tinyData(dir: string): void {
  for (const id of ['a', 'b']) {
    grayPng(join(dir, 'img', `${id}.png`), 40, (i) => (i * (id === 'a' ? 37 : 53)) % 256);
    grayPng(join(dir, 'mask', `${id}.png`), 40, (i) => (i % 40 < 20 && i % 7 !== 0 ? 255 : 0));
  }
}

/** A PNG whose header declares width × height but which holds one row's worth of data. */
export function pngDeclaring(path: string, width: number, height: number): void {
  const small = encode({ width: 4, height: 4, data: new Uint8Array(16), channels: 1, depth: 8 });
  const bytes = Uint8Array.from(small);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(bytes.subarray(12, 29))); // IHDR: type + 13 data bytes, then its CRC
  writeFileSync(path, bytes);
}
