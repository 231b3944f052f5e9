// Tuples for COPY … FROM STDIN WITH (FORMAT binary) (https://www.postgresql.org/docs/current/sql-copy.html,
// "Binary Format"): each value as the database stores it, so PostgreSQL parses no text — no CSV quoting, and
// above all no dates and instants to read (ten a case). The drivers frame the tuples (header, trailer).

import { canonicalInstantMs } from '../../domain/csv/rules.js';

/** The file header (signature, flags, no extension) and trailer of binary COPY data. */
export const BINARY_COPY_HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
export const BINARY_COPY_TRAILER = Buffer.from([0xff, 0xff]);

/** 2000-01-01T00:00:00Z, from which PostgreSQL counts days (date) and microseconds (timestamptz). */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
const CHUNK_BYTES = 256 * 1024;

/** Tuples gathered into buffers of about 256 KiB, each holding whole tuples. */
export class BinaryTuples {
  /** the finished buffers; the one being written is added by `finish` */
  readonly chunks: Buffer[] = [];
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private off = 0;
  private tupleStart = 0;

  /** Starts a tuple of `fields` values; every value written next belongs to it. */
  tuple(fields: number): this {
    this.tupleStart = this.off;
    this.room(2);
    this.buf.writeInt16BE(fields, this.off);
    this.off += 2;
    return this;
  }

  null(): this {
    this.room(4);
    this.buf.writeInt32BE(-1, this.off);
    this.off += 4;
    return this;
  }

  text(value: string | null): this {
    if (value === null) return this.null();
    this.room(4 + value.length * 3);
    const n = this.buf.write(value, this.off + 4);
    this.buf.writeInt32BE(n, this.off);
    this.off += 4 + n;
    return this;
  }

  bool(value: boolean | null): this {
    if (value === null) return this.null();
    this.room(5);
    this.buf.writeInt32BE(1, this.off);
    this.buf[this.off + 4] = value ? 1 : 0;
    this.off += 5;
    return this;
  }

  int2(value: number | null): this {
    if (value === null) return this.null();
    this.room(6);
    this.buf.writeInt32BE(2, this.off);
    this.buf.writeInt16BE(value, this.off + 4);
    this.off += 6;
    return this;
  }

  int4(value: number | null): this {
    if (value === null) return this.null();
    this.room(8);
    this.buf.writeInt32BE(4, this.off);
    this.buf.writeInt32BE(value, this.off + 4);
    this.off += 8;
    return this;
  }

  /** A date written YYYY-MM-DD. */
  date(value: string | null): this {
    if (value === null) return this.null();
    return this.int4(Math.round((Date.parse(value) - PG_EPOCH_MS) / DAY_MS));
  }

  /** An instant written in ISO 8601 (to the millisecond; the canonical form is read fastest). */
  timestamptz(value: string | null): this {
    if (value === null) return this.null();
    const canonical = canonicalInstantMs(value);
    const ms = Number.isNaN(canonical) ? Date.parse(value) : canonical;
    const micros = (ms - PG_EPOCH_MS) * 1000; // exact: below 2^53 until the year 287,000
    const high = Math.floor(micros / 0x1_0000_0000);
    this.room(12);
    this.buf.writeInt32BE(8, this.off);
    this.buf.writeInt32BE(high, this.off + 4);
    this.buf.writeUInt32BE(micros - high * 0x1_0000_0000, this.off + 8);
    this.off += 12;
    return this;
  }

  /** Values encoded already: by another BinaryTuples (without a tuple), or those of a tuple of `eachTuple`. */
  raw(values: Buffer): this {
    this.room(values.length);
    values.copy(this.buf, this.off);
    this.off += values.length;
    return this;
  }

  /** Ends the writing; `chunks` then holds every tuple. */
  finish(): Buffer[] {
    if (this.off > 0) this.chunks.push(this.buf.subarray(0, this.off));
    this.buf = Buffer.alloc(0);
    this.off = 0;
    this.tupleStart = 0;
    return this.chunks;
  }

  /** Makes room for `bytes` more; a tuple never spans two buffers (it moves to the next one whole). */
  private room(bytes: number): void {
    if (this.off + bytes <= this.buf.length) return;
    const partial = this.buf.subarray(this.tupleStart, this.off);
    if (this.tupleStart > 0) this.chunks.push(this.buf.subarray(0, this.tupleStart));
    const next = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, 2 * (partial.length + bytes)));
    partial.copy(next, 0);
    this.buf = next;
    this.off = partial.length;
    this.tupleStart = 0;
  }
}

/** The tuples of finished chunks, each as its field count and its values (without the count). */
export function* eachTuple(chunks: readonly Buffer[]): Generator<{ fields: number; values: Buffer }> {
  for (const chunk of chunks) {
    let off = 0;
    while (off < chunk.length) {
      const fields = chunk.readInt16BE(off);
      const start = off + 2;
      off = start;
      for (let i = 0; i < fields; i += 1) off += 4 + Math.max(chunk.readInt32BE(off), 0);
      yield { fields, values: chunk.subarray(start, off) };
    }
  }
}
