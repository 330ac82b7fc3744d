import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/runtime/backend/select-backend.js';
await selectBackend('wasm');
const [M, K, N] = (process.argv[2] ?? '64,4096,64').split(',').map(Number) as [number, number, number];
const inp = tf.randomNormal([1, 1, M, K]) as tf.Tensor4D;
const filters = Array.from({ length: 20 }, () => tf.randomNormal([1, 1, K, N]) as tf.Tensor4D);
const same = filters[0]!;
async function t(name: string, f: (i: number) => tf.Tensor) { f(0).dispose(); const c = process.cpuUsage(); const s = performance.now(); for (let i = 0; i < 20; i++) { const r = f(i); r.dataSync(); r.dispose(); } const d = process.cpuUsage(c); console.log(name, ((d.user + d.system) / 1000 / 20).toFixed(2), 'ms cpu/call', ((performance.now() - s) / 20).toFixed(2), 'wall', (M*K*N/1e6).toFixed(1), 'MMAC'); }
await t('same filter', () => tf.conv2d(inp, same, 1, 'valid'));
await t('new filter ', (i) => tf.conv2d(inp, filters[i]!, 1, 'valid'));
const w = tf.randomNormal([K, N]) as tf.Tensor2D; const a = tf.randomNormal([M, K]) as tf.Tensor2D;
await t('matMul     ', () => tf.matMul(a, w));
const ws = Array.from({ length: 20 }, () => tf.randomNormal([K, N]) as tf.Tensor2D);
await t('matMul newB', (i) => tf.matMul(a, ws[i]!));
const at = tf.randomNormal([K, M]) as tf.Tensor2D;
await t('matMul tA  ', (i) => tf.matMul(at, ws[i]!, true, false));
const wts = Array.from({ length: 20 }, () => tf.randomNormal([N, K]) as tf.Tensor2D);
await t('matMul newB tB', (i) => tf.matMul(a, wts[i]!, false, true));
await t('matMul sameB tB', () => tf.matMul(a, wts[0]!, false, true));
