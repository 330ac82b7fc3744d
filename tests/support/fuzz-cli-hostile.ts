/**
 * The hostile inputs of the CLI fuzz: spec bombs (aliases, nesting, duplicate keys, long lists),
 * corrupt and lying images, and corrupt or escaping model folders. Seeded, so reproducible.
 */
import { deflateSync } from 'node:zlib';
import type { CaseFile } from './fuzz-cli-cases.js';
import { int, pick } from './fuzz-cli-cases.js';
import type { Random } from './fuzz-inputs.js';

export function hostileSpecBomb(rand: Random): { name: string; text: string } {
  switch (int(rand, 0, 7)) {
    case 0: {
      const width = int(rand, 2, 12);
      const levels = int(rand, 3, 14);
      let text = `a0: &a0 [${Array(width).fill('x').join(', ')}]\n`;
      for (let i = 1; i <= levels; i++)
        text += `a${i}: &a${i} [${Array(width)
          .fill(`*a${i - 1}`)
          .join(', ')}]\n`;
      return { name: 'bomb.yaml', text: `name: bomb\n${text}network:\n  input: *a${levels}\n` };
    }
    case 1:
      return { name: 'braces.yaml', text: pick(rand, ['{', '[', '- ', '? ']).repeat(int(rand, 10, 120_000)) };
    case 2:
      return {
        name: 'braces.unet',
        text: `network ${pick(rand, ['{', '[', '(', 'k {', 'a: ['])}`.repeat(int(rand, 10, 60_000)),
      };
    case 3:
      return { name: 'dup.yaml', text: 'name: x\n' + 'a: 1\n'.repeat(int(rand, 10, 80_000)) };
    case 4:
      return {
        name: 'list.yaml',
        text: `name: x\nnetwork:\n  filters: [${Array(int(rand, 10, 150_000))
          .fill('8')
          .join(',')}]\n`,
      };
    case 5:
      return {
        name: 'indent.yaml',
        text: Array.from({ length: int(rand, 10, 600) }, (_, i) => `${' '.repeat(i)}k${i}:\n`).join(''),
      };
    case 6:
      return {
        name: 'keys.unet',
        text: `name: "k"\nnetwork {\n${Array.from({ length: int(rand, 10, 8_000) }, (_, i) => `  k${i}: ${i}\n`).join('')}}\n`,
      };
    default:
      return { name: 'long.unet', text: `name: "${'x'.repeat(int(rand, 10, 300_000))}"\n` };
  }
}

const pngSignature = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A well-formed PNG header that declares `width`×`height` with almost no pixel data behind it. */
function lyingPng(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const idat = deflateSync(Buffer.alloc(1024));
  return Buffer.concat([
    pngSignature,
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array()),
  ]);
}

export function hostileImage(rand: Random, good: Uint8Array): { name: string; file: CaseFile } {
  const bytes = Buffer.from(good);
  switch (int(rand, 0, 8)) {
    case 0:
      return { name: 'img.png', file: bytes.subarray(0, int(rand, 0, bytes.length - 1)) };
    case 1: {
      const copy = Buffer.from(bytes);
      for (let i = 0; i < int(rand, 1, 20); i++) copy[int(rand, 8, copy.length - 1)] = int(rand, 0, 255);
      return { name: 'img.png', file: copy };
    }
    case 2:
      return {
        name: 'img.png',
        file: Buffer.from(Array.from({ length: int(rand, 0, 4096) }, () => int(rand, 0, 255))),
      };
    case 3:
      return { name: 'img.png', file: lyingPng(int(rand, 20_000, 60_000), int(rand, 20_000, 60_000)) };
    case 4:
      return { name: 'img.png', file: lyingPng(int(rand, 0, 3), int(rand, 0, 3)) };
    case 5:
      return {
        name: 'img.tif',
        file: Buffer.concat([Buffer.from('II*\0'), bytes.subarray(0, int(rand, 0, 200))]),
      };
    case 6:
      return {
        name: 'img.png',
        file: { symlink: pick(rand, ['/dev/zero', '/dev/null', 'missing.png', '.']) },
      };
    case 7:
      return { name: 'img.png', file: '' };
    default:
      return { name: 'img.png', file: bytes };
  }
}

/** The tiny model with one thing broken: weights truncated or garbled, model.json broken or escaping. */
export function hostileModel(
  rand: Random,
  model: Readonly<Record<string, Uint8Array>>,
): Record<string, CaseFile> {
  const files: Record<string, CaseFile> = { ...model };
  const weightsName = Object.keys(model).find((f) => f.endsWith('.bin'))!;
  const weights = Buffer.from(model[weightsName]!);
  const json = JSON.parse(Buffer.from(model['model.json']!).toString('utf8')) as {
    weightsManifest?: { paths: string[] }[];
  };
  switch (int(rand, 0, 6)) {
    case 0:
      files[weightsName] = weights.subarray(0, int(rand, 0, weights.length - 1));
      break;
    case 1: {
      const copy = Buffer.from(weights);
      for (let i = 0; i < 64; i++)
        copy.writeFloatLE(
          pick(rand, [NaN, Infinity, -Infinity, 1e30]),
          4 * int(rand, 0, copy.length / 4 - 1),
        );
      files[weightsName] = copy;
      break;
    }
    case 2: {
      const text = Buffer.from(model['model.json']!).toString('utf8');
      files['model.json'] = text.slice(0, int(rand, 0, text.length - 1));
      break;
    }
    case 3:
      json.weightsManifest?.[0]?.paths.splice(
        0,
        1,
        pick(rand, ['../../../../../../etc/passwd', '/dev/zero', '../outside.bin', 'missing.bin']),
      );
      files['model.json'] = JSON.stringify(json);
      break;
    case 4:
      delete files[weightsName];
      break;
    case 5:
      files[weightsName] = Buffer.concat([weights, Buffer.alloc(int(rand, 1, 4096))]);
      break;
    default:
      files['plan.json'] = pick(rand, ['', '{', '[]', '{"training": null}', 'null']);
  }
  return files;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
