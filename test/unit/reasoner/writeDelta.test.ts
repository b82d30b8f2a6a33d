import { lineSlices, regroupLines } from '../../../reasoner/writeDelta.js';

describe('lineSlices (the slices of a first run\'s write)', () => {
  it('cuts N-Quads text into pieces of whole lines that join back to the text', () => {
    const text = Array.from({ length: 7 }, (_, i) => `<urn:s${i}> <urn:p> <urn:o> <urn:g> .\n`).join('');
    const pieces = [...lineSlices(text, 3)];
    expect(pieces.map((p) => p.split('\n').filter(Boolean).length)).toEqual([3, 3, 1]);
    expect(pieces.every((p) => p.endsWith('\n'))).toBe(true);
    expect(pieces.join('')).toBe(text);
  });

  it('keeps a last line without a newline, and gives nothing for empty text', () => {
    expect([...lineSlices('a\nb', 1)]).toEqual(['a\n', 'b']);
    expect([...lineSlices('', 5)]).toEqual([]);
  });
});

describe('regroupLines (a first run\'s whole-graph texts, regrouped for loading)', () => {
  it('joins short texts and cuts long ones into pieces of at most the given lines, losing none', () => {
    const text = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `<urn:${prefix}${i}> <urn:p> <urn:o> <urn:g> .\n`).join('');
    const texts = [text('a', 2), text('b', 7), text('c', 1), text('d', 3)];
    const pieces = [...regroupLines(texts, 4)];
    expect(pieces.map((p) => p.split('\n').filter(Boolean).length)).toEqual([2, 4, 4, 3]);
    expect(pieces.join('')).toBe(texts.join(''));
    expect([...regroupLines([], 4)]).toEqual([]);
  });
});
