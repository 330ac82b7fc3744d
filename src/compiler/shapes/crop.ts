/** Centre-crop arithmetic for skip connections and residual shortcuts (valid-padding nets). */

/**
 * Margins that centre-crop a length `from` down to `to`: total = from − to,
 * [⌊total / 2⌋, total − ⌊total / 2⌋]. A negative total means `from` is the smaller one (no crop can
 * fix that); an odd total is an asymmetric crop, which shifts the skip half a pixel against the
 * up-sampled map.
 */
export function centreCropMargins(from: number, to: number): [number, number] {
  const total = from - to;
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** Whether a centre crop from `from` to `to` keeps both maps aligned pixel for pixel: total ≥ 0 and even. */
export function isSymmetricCrop(from: number, to: number): boolean {
  const total = from - to;
  return total >= 0 && total % 2 === 0;
}
