import { describe, expect, it } from 'vitest';
import type { PadAttrs } from '../../../src/compiler/ir/ir.js';
import { modelPy } from '../../../src/compiler/emit/pytorch/model-py.js';
import { IrBuilder } from '../fixtures/ir-builder.js';

describe('model.py text', () => {
  it('writes forward out in order, one attribute per layer named after its IR node', () => {
    const b = new IrBuilder(2);
    const x = b.input([8, 8, 1]);
    const c = b.conv('enc0_conv1', x, 4, 3, 'same');
    const head = b.conv('head', c, 2, 1, 'valid', { activation: 'softmax' });
    const text = modelPy(b.checked([head], 'he_normal', 'tiny'), 'unetc test');
    expect(text).toContain('        self.enc0_conv1 = nn.Conv2d(1, 4, kernel_size=(3, 3), padding=(1, 1))');
    expect(text).toContain('        enc0_conv1 = torch.relu(self.enc0_conv1(input))');
    expect(text).toContain('        head = torch.softmax(self.head(enc0_conv1), dim=1)');
    // logits: the head without its softmax.
    expect(text).toMatch(/def logits[\s\S]*head = self\.head\(enc0_conv1\)\n {8}return \(head,\)/);
    expect(text).toContain('INPUT_SHAPE = (1, 8, 8)');
    expect(text).toContain('OUTPUT_SHAPES = ((2, 8, 8),)');
  });

  it('pads with edge values where the pad op asks for replicate', () => {
    const b = new IrBuilder(2);
    const x = b.input([8, 8, 1]);
    const attrs = {
      op: 'pad',
      padding: [
        [1, 0],
        [0, 2],
      ],
      mode: 'replicate',
    } as PadAttrs;
    const padded = b.add('skip0_pad', attrs, [x], [9, 10, 1]);
    const head = b.conv('head', padded, 1, 1, 'valid', { activation: 'sigmoid' });
    const text = modelPy(b.checked([head], 'he_normal', 'tiny'), 'unetc test');
    expect(text).toContain("skip0_pad = F.pad(input, (0, 2, 1, 0), mode='replicate')");
  });
});
