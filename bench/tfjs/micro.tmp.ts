import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '/work/main/src/runtime/backend/select-backend.js';
console.log((await selectBackend('wasm')).reason);
const [H, C, O] = (process.argv[2] ?? '184,32,32').split(',').map(Number) as [number, number, number];
const x = tf.randomNormal([1, H, H, C]) as tf.Tensor4D;
const w = tf.randomNormal([3, 3, C, O]) as tf.Tensor4D;
const y = tf.conv2d(x, w, 1, 'valid');
const dy = tf.randomNormal(y.shape) as tf.Tensor4D;
async function t(name: string, f: () => tf.Tensor) { f().dispose(); const times: number[] = []; for (let i = 0; i < 5; i++) { const c = process.cpuUsage(); const r = f(); await r.data(); const d = process.cpuUsage(c); times.push((d.user + d.system) / 1000); r.dispose(); } times.sort((a,b)=>a-b); console.log(name.padEnd(20), times.map(v => v.toFixed(1)).join(' ')); }
const macs = (H - 2) * (H - 2) * 9 * C * O / 1e6;
console.log('MMAC', macs.toFixed(0));
await t('conv2d', () => tf.conv2d(x, w, 1, 'valid'));
await t('backpropInput', () => tf.conv2dTranspose(dy, w, [1, H, H, C], 1, 'valid'));
await t('backpropFilter', () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, C, O] }) as tf.Tensor);
await t('matmul K=pix', () => tf.matMul(x.reshape([H * H, C]), x.reshape([H * H, C]).slice([0, 0], [H*H, O]), true, false));
