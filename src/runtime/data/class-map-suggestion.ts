/**
 * The `classes { … }` line that maps the mask values found to class indices in ascending order
 * (the lowest value is background), for messages about masks whose raw values are not class
 * indices — 0/255 masks being the usual case. When the values are more than the network's
 * classes, the line says that `network.classes` must grow too.
 */
export function classMapSuggestion(values: readonly number[], networkClasses: number): string {
  const names =
    values.length === 2
      ? ['background', 'foreground']
      : values.map((_, i) => (i === 0 ? 'background' : `class${i}`));
  const line = `classes { ${values.map((v, i) => `${names[i]}: ${v}`).join(', ')} }`;
  return values.length > networkClasses ? `${line} (and network { classes: ${values.length} })` : line;
}
