import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cosine, cosineOf, sparseForm } from '../../../src/core/vector.js';

describe('cosine in sparse form', () => {
  it('equals the dense cosine bit for bit, sparse or dense, of equal or unequal length', () => {
    const entry = fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0), fc.float({ min: -10, max: 10, noNaN: true }));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), fc.array(entry, { maxLength: 40 }), (a, b) => {
        const x = Float32Array.from(a);
        const y = Float32Array.from(b);
        expect(cosineOf(sparseForm(x), sparseForm(y))).toBe(cosine(x, y));
        expect(cosineOf(sparseForm(x), sparseForm(x))).toBe(cosine(x, x));
      }),
    );
  });
});
