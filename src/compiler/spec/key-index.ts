import { specSchema } from './schema.js';

type SchemaNode = { [key: string]: unknown };

function asNode(value: unknown): SchemaNode | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as SchemaNode) : undefined;
}

let index: Map<string, string[]> | undefined;

/** Follows `$ref`, `allOf` and `if/then/else` to the object schemas a value may be. */
function objectSchemas(node: SchemaNode | undefined, root: SchemaNode, seen: Set<SchemaNode>): SchemaNode[] {
  if (!node || seen.has(node)) return [];
  seen.add(node);
  const ref = node['$ref'];
  if (typeof ref === 'string') {
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((n, seg) => asNode(n)?.[seg], root);
    return objectSchemas(asNode(target), root, seen);
  }
  const found: SchemaNode[] = node['properties'] || node['patternProperties'] ? [node] : [];
  for (const key of ['then', 'else']) found.push(...objectSchemas(asNode(node[key]), root, seen));
  for (const part of (node['allOf'] as unknown[] | undefined) ?? [])
    found.push(...objectSchemas(asNode(part), root, seen));
  return found;
}

function walk(
  node: SchemaNode,
  place: string,
  root: SchemaNode,
  out: Map<string, string[]>,
  depth: number,
): void {
  if (depth > 6) return;
  for (const schema of objectSchemas(node, root, new Set())) {
    for (const [name, child] of Object.entries(asNode(schema['properties']) ?? {})) {
      const places = out.get(name) ?? [];
      if (!places.includes(place)) places.push(place);
      out.set(name, places);
      const childNode = asNode(child);
      if (childNode) walk(childNode, place ? `${place} › ${name}` : name, root, out, depth + 1);
    }
    for (const child of Object.values(asNode(schema['patternProperties']) ?? {})) {
      const childNode = asNode(child);
      if (childNode) walk(childNode, `${place} › level N`, root, out, depth + 1);
    }
  }
}

/**
 * Where each key of the spec may be written, from the published schema: `epochs` → ["train"],
 * `kernel` → ["network › block", "network › down", …]. Built once, on first use, for the
 * "'weight_map' belongs in data" hint when a key is valid but in the wrong block.
 */
export function placesOfKey(key: string): readonly string[] {
  if (!index) {
    index = new Map();
    const root = specSchema() as SchemaNode;
    walk(root, '', root, index, 0);
  }
  return index.get(key) ?? [];
}
