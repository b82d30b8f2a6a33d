/**
 * Write-ahead-log record framing (docs/durability.md):
 *   [u32 LE payload length][u32 LE CRC-32 of payload][payload: UTF-8 JSON]
 * The payload is { seq, deletes, inserts } with deletes/inserts as N-Quads text.
 */
import { crc32 } from 'node:zlib';

export interface WalRecord {
  readonly seq: number;
  /** N-Quads text of the quads removed (applied first). */
  readonly deletes: string;
  /** N-Quads text of the quads added. */
  readonly inserts: string;
}

export const HEADER_BYTES = 8;

export function encodeRecord(record: WalRecord): Buffer {
  const payload = Buffer.from(JSON.stringify({ seq: record.seq, deletes: record.deletes, inserts: record.inserts }), 'utf8');
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  payload.copy(frame, HEADER_BYTES);
  return frame;
}

export class CorruptWalError extends Error {
  constructor(file: string, offset: number, reason: string) {
    super(`Write-ahead log ${file} is corrupt at byte ${offset} (${reason}) and more records follow, so this is not a torn last write. `
      + 'Refusing to start: restore the data directory from a backup, or truncate the log at this offset knowingly (later commits are lost).');
    this.name = 'CorruptWalError';
  }
}

export interface DecodedLog {
  readonly records: WalRecord[];
  /** Bytes of the log made of whole, valid records. */
  readonly validLength: number;
  /** True when bytes after validLength were dropped as a torn (incomplete or corrupt) last record. */
  readonly tornTail: boolean;
}

function allZero(buffer: Buffer, from: number): boolean {
  for (let i = from; i < buffer.length; i++) if (buffer[i] !== 0) return false;
  return true;
}

/**
 * Decode a whole log file. An incomplete or CRC-failing LAST record (one that
 * reaches the end of the file), or a zero-filled tail, is a torn write: dropped.
 * A bad record with valid data after it is corruption: CorruptWalError.
 */
export function decodeLog(buffer: Buffer, file: string): DecodedLog {
  const records: WalRecord[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const torn = (): DecodedLog => ({ records, validLength: offset, tornTail: true });
    if (buffer.length - offset < HEADER_BYTES || allZero(buffer, offset)) return torn();
    const length = buffer.readUInt32LE(offset);
    const end = offset + HEADER_BYTES + length;
    if (end > buffer.length) return torn();
    const payload = buffer.subarray(offset + HEADER_BYTES, end);
    let record: WalRecord | undefined;
    if (length > 0 && crc32(payload) === buffer.readUInt32LE(offset + 4)) {
      try {
        record = JSON.parse(payload.toString('utf8')) as WalRecord;
      } catch {
        record = undefined;
      }
    }
    if (!record || typeof record.seq !== 'number') {
      if (end === buffer.length) return torn();
      throw new CorruptWalError(file, offset, length === 0 ? 'zero-length record' : 'checksum mismatch');
    }
    records.push(record);
    offset = end;
  }
  return { records, validLength: offset, tornTail: false };
}
