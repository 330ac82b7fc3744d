import { isJsonObject } from '../describe.js';
import { childPointer } from '../document.js';
import { asCall, type Located } from './context.js';

/** The result of layering partial overrides: each key from the most specific layer that wrote it. */
export interface Merged {
  readonly keys: Map<string, Located>;
  /** The most specific layer that was written (where this object "lives"), or the first layer's pointer. */
  readonly pointer: string;
}

/**
 * Layers general → specific (`/network/block`, `/network/encoder/block`, `/network/level/2/block`, …):
 * a later layer's keys win; layers that were not written are skipped.
 */
export function mergeLayers(layers: readonly Located[]): Merged {
  const keys = new Map<string, Located>();
  let pointer = layers[0]?.pointer ?? '';
  for (const layer of layers) {
    if (!isJsonObject(layer.value)) continue;
    pointer = layer.pointer;
    for (const [key, value] of Object.entries(layer.value))
      keys.set(key, { value, pointer: childPointer(layer.pointer, key) });
  }
  return { keys, pointer };
}

/**
 * Layers of a call-like value (`down: maxpool(2)`, then `level 0 { down: {stride: [1, 2, 2]} }`):
 * a layer naming a different type starts afresh; one with the same or no type refines the current.
 */
export function mergeCallLayers(layers: readonly Located[]): Merged {
  const keys = new Map<string, Located>();
  let pointer = layers[0]?.pointer ?? '';
  for (const layer of layers) {
    const call = asCall(layer.value);
    if (!call) continue;
    pointer = layer.pointer;
    const type = call['type'];
    const current = keys.get('type')?.value;
    if (typeof type === 'string' && current !== undefined && current !== type) keys.clear();
    for (const [key, value] of Object.entries(call)) {
      // A shorthand name has no text of its own for `type`: it lives at the layer's pointer.
      const at = typeof layer.value === 'string' ? layer.pointer : childPointer(layer.pointer, key);
      keys.set(key, { value, pointer: at });
    }
  }
  return { keys, pointer };
}

export function get(merged: Merged, key: string): Located {
  return merged.keys.get(key) ?? { value: undefined, pointer: childPointer(merged.pointer, key) };
}
