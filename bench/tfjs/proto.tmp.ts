import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/runtime/backend/select-backend.js';
await selectBackend('wasm');
const [H, C, O, KB] = (process.argv[2] ?? '184,32,32,4096').split(',').map(Number) as [number, number, number, number];
const x = tf.randomNormal([1, H, H, C]) as tf.Tensor4D;
const oh = H - 2;
const dy = tf.randomNormal([1, oh, oh, O]) as tf.Tensor4D;
function proto(): tf.Tensor {
  return tf.tidy(() => {
    const xT = x.transpose([3, 0, 1, 2]); // [C,1,H,W]
    const rows = Math.max(1, Math.floor(KB / oh));
    const taps: tf.Tensor[] = [];
    const acc: (tf.Tensor | undefined)[] = new Array(9).fill(undefined);
    for (let y0 = 0; y0 < oh; y0 += rows) {
      const r = Math.min(rows, oh - y0);
      const f = dy.slice([0, y0, 0, 0], [1, r, oh, O]).reshape([1, 1, r * oh, O]) as tf.Tensor4D;
      for (let kh = 0; kh < 3; kh++) for (let kw = 0; kw < 3; kw++) {
        const win = xT.slice([0, 0, y0 + kh, kw], [C, 1, r, oh]).reshape([1, 1, C, r * oh]) as tf.Tensor4D;
        const part = tf.conv2d(win, f, 1, 'valid');
        const i = kh * 3 + kw;
        acc[i] = acc[i] === undefined ? part : acc[i]!.add(part);
      }
    }
    for (const a of acc) taps.push(a!.reshape([1, C, O]));
    return tf.concat(taps, 0).reshape([3, 3, C, O]);
  });
}
const ref = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, C, O] }) as tf.Tensor;
const p = proto();
console.log('maxdiff', tf.max(tf.abs(ref.sub(p))).dataSync()[0], tf.max(tf.abs(ref)).dataSync()[0]);
async function t(name: string, f: () => tf.Tensor) { f().dispose(); const times: number[] = []; for (let i = 0; i < 5; i++) { const c = process.cpuUsage(); const r = f(); await r.data(); const d = process.cpuUsage(c); times.push((d.user + d.system) / 1000); r.dispose(); } times.sort((a,b)=>a-b); console.log(name.padEnd(20), times.map(v => v.toFixed(1)).join(' ')); }
await t('current', () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, C, O] }) as tf.Tensor);
await t('banded-tap-gemm', proto);
await t('conv2d fwd', () => tf.conv2d(x, tf.ones([3,3,C,O]) as tf.Tensor4D, 1, 'valid'));
