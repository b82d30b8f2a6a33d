import { lineSlices } from '../../../reasoner/writeDelta.js';

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
