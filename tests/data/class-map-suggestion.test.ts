import { describe, expect, it } from 'vitest';
import { classMapSuggestion } from '../../src/runtime/data/class-map-suggestion.js';

describe('classMapSuggestion', () => {
  it('maps two values to background and foreground', () => {
    expect(classMapSuggestion([0, 255], 2)).toBe('classes { background: 0, foreground: 255 }');
  });

  it('numbers further classes, lowest value first, and says when the network needs more classes', () => {
    expect(classMapSuggestion([0, 128, 255], 3)).toBe('classes { background: 0, class1: 128, class2: 255 }');
    expect(classMapSuggestion([0, 128, 255], 2)).toBe(
      'classes { background: 0, class1: 128, class2: 255 } (and network { classes: 3 })',
    );
  });
});
