import { readImage } from './src/runtime/data/read-image.js';
import { mapMaskToClasses } from './src/runtime/data/class-map.js';
import { computeWeightMap } from './src/runtime/data/weight-map/weight-map.js';
import { timeIt } from './bench/data-scipy.js';
const raw = await readImage('examples/isbi2012/data/label/0.png');
const label = mapMaskToClasses(raw, [{ value: 0, classIndex: 0, name: 'm' }, { value: 255, classIndex: 1, name: 'c' }], null, 'x');
for (let k = 0; k < 3; k++) console.log(timeIt(() => computeWeightMap(label, { w0: 10, sigma: 5, classBalance: true, foreground: [1] }), 20));
