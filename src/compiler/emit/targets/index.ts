import type { CompileTarget, TargetName } from './target.js';

export type { CompileTarget, EmitOptions, EmitResult, TargetName } from './target.js';

/**
 * Every compile target, loaded on first use so that `unetc check` pays for none of them. Adding a
 * target: its emitter folder, a `CompileTarget` in it, and one line here.
 */
const loaders: Record<TargetName, () => Promise<CompileTarget>> = {
  tfjs: async () => (await import('./tfjs-target.js')).tfjsTarget,
  pytorch: async () => (await import('../pytorch/pytorch-target.js')).pytorchTarget,
  onnx: () => Promise.reject(new Error('the onnx target is not built yet')),
};

export const targetNames = Object.keys(loaders) as TargetName[];

export function isTargetName(name: string): name is TargetName {
  return Object.hasOwn(loaders, name);
}

export function loadTarget(name: TargetName): Promise<CompileTarget> {
  return loaders[name]();
}
