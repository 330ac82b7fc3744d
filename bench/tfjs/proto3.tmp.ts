import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/runtime/backend/select-backend.js';
await selectBackend('wasm');
const [C, H] = (process.argv[2] ?? '64,360').split(',').map(Number) as [number, number];
const x = tf.randomNormal([C, H, H]) as tf.Tensor3D;
async function t(name: string, f: () => tf.Tensor) { f().dispose(); const c = process.cpuUsage(); for (let i = 0; i < 5; i++) { const r = f(); r.dataSync(); r.dispose(); } const d = process.cpuUsage(c); console.log(name, ((d.user + d.system) / 1000 / 5).toFixed(2), 'ms'); }
await t('slice      ', () => tf.slice(x, [0, 1, 1], [C, H - 2, H - 2]));
await t('stridedSlice', () => tf.stridedSlice(x, [0, 1, 1], [C, H - 1, H - 1], [1, 1, 1]));
await t('pad        ', () => tf.pad(x, [[0, 0], [1, 1], [1, 1]]));
await t('transpose  ', () => tf.transpose(x, [1, 2, 0]));
