import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/runtime/backend/select-backend.js';
import { setFilterGradStrategy } from '../../src/runtime/backend/wasm-kernels/conv2d-backprop-filter.js';
await selectBackend('wasm');
const [H, C, O, F, S] = (process.argv[2] ?? '104,64,32,3,1').split(',').map(Number) as [number, number, number, number, number];
const x = tf.randomNormal([1, H, H, C]) as tf.Tensor4D;
const oh = Math.floor((H - F) / S) + 1;
const dy = tf.randomNormal([1, oh, oh, O]) as tf.Tensor4D;
async function t(name: string, f: () => tf.Tensor) { f().dispose(); const times: number[] = []; for (let i = 0; i < 5; i++) { const c = process.cpuUsage(); const r = f(); await r.data(); const d = process.cpuUsage(c); times.push((d.user + d.system) / 1000); r.dispose(); } times.sort((a,b)=>a-b); console.log(name.padEnd(20), times.map(v => v.toFixed(1)).join(' ')); }
const bpf = () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: S, pad: 'valid', dataFormat: 'NHWC', filterShape: [F, F, C, O] }) as tf.Tensor;
console.log('MMAC', (oh * oh * F * F * C * O / 1e6).toFixed(1));
for (const s of ['matmul', 'dilated'] as const) { setFilterGradStrategy(s); await t(s, bpf); }
await t('conv2d fwd', () => tf.conv2d(x, tf.ones([F, F, C, O]) as tf.Tensor4D, S, 'valid'));
const xT = tf.transpose(x, [3, 0, 1, 2]);
await t('transpose x', () => tf.transpose(x, [3, 0, 1, 2]));
await t('slice xT', () => tf.slice(xT, [0, 0, 1, 1], [C, 1, oh, oh]));
await t('matmul', () => tf.matMul(tf.slice(xT, [0, 0, 1, 1], [C, 1, oh, oh]).reshape([C, oh * oh]), dy.reshape([oh * oh, O])));
