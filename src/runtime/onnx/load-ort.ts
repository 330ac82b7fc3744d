/**
 * onnxruntime-node, imported on first use only (it loads a native library): predict and eval
 * with `--backend onnx`, or `auto` when it loads.
 */
export type OrtModule = typeof import('onnxruntime-node');

export type OrtLoad = { ok: true; ort: OrtModule; reason: string } | { ok: false; reason: string };

let cached: Promise<OrtLoad> | undefined;

export function loadOrt(): Promise<OrtLoad> {
  cached ??= (async (): Promise<OrtLoad> => {
    try {
      const ort = await import('onnxruntime-node');
      // A package whose native binding is missing imports fine and fails here.
      ort.InferenceSession.create.bind(ort.InferenceSession);
      const version = (ort.env as { versions?: { node?: string } }).versions?.node ?? '';
      return { ok: true, ort, reason: `onnxruntime-node ${version}`.trim() };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      return { ok: false, reason: `onnxruntime-node did not load (${text.split('\n')[0]?.slice(0, 160)})` };
    }
  })();
  return cached;
}
