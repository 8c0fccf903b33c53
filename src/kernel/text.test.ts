import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isFreeText, textProblem } from './text.js';

describe('free text', () => {
  test('accepts printable text in any script, emoji and joined emoji', () => {
    for (const text of [
      '',
      'Payment for invoice 42',
      '付款 貴州茅台',
      'مرحبا',
      'Ελλάδα',
      '😀',
      '👨‍👩‍👧',
      'a\u00a0b',
    ]) {
      assert.equal(textProblem(text, 140), null, JSON.stringify(text));
    }
  });

  test('refuses control characters, bidirectional controls, separators and lone surrogates', () => {
    const refused = [
      '\u001b[31mred', // ESC: a terminal escape
      'tab\there',
      'line\nbreak',
      'nul\u0000',
      'del\u007f',
      'c1\u0085',
      'abc\u202edcba', // RIGHT-TO-LEFT OVERRIDE
      '\u2066isolate\u2069',
      '\u200fmark',
      '\u061c',
      'line\u2028separator',
      '\ufeffbom',
      '\ud800', // lone high surrogate
      'x\udc00', // lone low surrogate
      '😀'.slice(0, 1),
      '\ue000', // private use
      '\u{10fffd}',
      '\ufdd0', // noncharacters
      '\uffff',
      '\u{1fffe}',
    ];
    for (const text of refused)
      assert.equal(textProblem(text, 140), 'character', JSON.stringify(text));
  });

  test('counts length in UTF-16 code units, like the domains', () => {
    assert.equal(isFreeText('x'.repeat(140), 140), true);
    assert.equal(textProblem('x'.repeat(141), 140), 'too_long');
    assert.equal(textProblem('😀'.repeat(71), 140), 'too_long');
  });
});
