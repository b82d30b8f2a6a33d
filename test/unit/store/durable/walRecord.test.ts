import { crc32 } from 'node:zlib';
import { CorruptWalError, decodeLog, encodeRecord, encodeRecordChunks, HEADER_BYTES } from '../../../../fabric/store/durable/walRecord.js';

const r = (seq: number) => ({ seq, deletes: '', inserts: `<http://e/s${seq}> <http://e/p> "v${seq}" .\n` });

describe('WAL record framing', () => {
  it('round-trips records with length and CRC-32 header', () => {
    const frame = encodeRecord(r(1));
    expect(frame.readUInt32LE(0)).toBe(frame.length - HEADER_BYTES);
    const log = decodeLog(Buffer.concat([frame, encodeRecord(r(2))]), 'x.log');
    expect(log.records).toEqual([r(1), r(2)]);
    expect(log.tornTail).toBe(false);
  });

  it('drops an incomplete last record (torn write) and reports the valid length', () => {
    const good = encodeRecord(r(1));
    const next = encodeRecord(r(2));
    for (const cut of [1, HEADER_BYTES - 1, HEADER_BYTES + 3, next.length - 1]) {
      const log = decodeLog(Buffer.concat([good, next.subarray(0, cut)]), 'x.log');
      expect(log.records).toEqual([r(1)]);
      expect(log).toMatchObject({ validLength: good.length, tornTail: true });
    }
  });

  it('drops a last record whose checksum fails and a zero-filled tail', () => {
    const good = encodeRecord(r(1));
    const bad = encodeRecord(r(2));
    bad[bad.length - 2] ^= 0xff;
    expect(decodeLog(Buffer.concat([good, bad]), 'x.log')).toMatchObject({ validLength: good.length, tornTail: true });
    expect(decodeLog(Buffer.concat([good, Buffer.alloc(4096)]), 'x.log')).toMatchObject({ validLength: good.length, tornTail: true });
  });

  it('refuses a corrupt record in the middle with a clear error', () => {
    const bad = encodeRecord(r(2));
    bad[HEADER_BYTES + 5] ^= 0x01;
    const buffer = Buffer.concat([encodeRecord(r(1)), bad, encodeRecord(r(3))]);
    expect(() => decodeLog(buffer, 'wal-1.log')).toThrow(CorruptWalError);
    expect(() => decodeLog(buffer, 'wal-1.log')).toThrow(/wal-1\.log is corrupt at byte \d+ \(checksum mismatch\)/);
  });

  it('frames the same bytes in one buffer or in chunks (bulk loads write their input without a copy)', () => {
    const record = { seq: 7, deletes: '<http://e/a> <http://e/p> "é" .\n', inserts: Buffer.from('<http://e/b> <http://e/p> "✓" .\n') };
    const chunks = encodeRecordChunks(record);
    expect(chunks[1]).toBe(record.inserts);
    expect(Buffer.concat(chunks)).toEqual(encodeRecord(record));
    expect(decodeLog(Buffer.concat(chunks), 'x.log').records).toEqual([{ ...record, inserts: record.inserts.toString() }]);
  });

  it('still reads format-1 records (JSON payload) written before the binary format', () => {
    const legacy = (seq: number): Buffer => {
      const payload = Buffer.from(JSON.stringify(r(seq)), 'utf8');
      const header = Buffer.alloc(HEADER_BYTES);
      header.writeUInt32LE(payload.length, 0);
      header.writeUInt32LE(crc32(payload), 4);
      return Buffer.concat([header, payload]);
    };
    const log = decodeLog(Buffer.concat([legacy(1), encodeRecord(r(2))]), 'x.log');
    expect(log.records).toEqual([r(1), r(2)]);
    expect(log.tornTail).toBe(false);
  });
});
