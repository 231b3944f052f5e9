// exceljs 4.4 reads every XML part of a workbook through lib/utils/parse-sax.js, which decodes each chunk on
// its own with one shared TextDecoder: a character of several bytes that falls across two chunks (a sheet is
// read in 64 KiB chunks) becomes U+FFFD, so a long text with emoji or other non-ASCII characters came back
// altered from `lapor import cases FILE.xlsx`. installChunkSafeSax puts the same reader, with a decoder of its
// own per part (node:string_decoder keeps a split character's first bytes for the next chunk), into require's
// cache before exceljs is first loaded, so that every exceljs module that requires it gets this one. Remove it
// when exceljs decodes across chunks itself (test/export/xlsx.test.ts reads a text across many chunks).

import { createRequire } from 'node:module';
import { PassThrough, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

interface SaxParser {
  on(event: 'error', listener: (err: Error) => void): void;
  on(event: 'opentag' | 'text' | 'closetag', listener: (value: unknown) => void): void;
  write(text: string): void;
}

interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: unknown;
}

let installed = false;

/** Installs the chunk-safe XML reader for exceljs; a no-op after the first call. Call before loading exceljs. */
export function installChunkSafeSax(): void {
  if (installed) return;
  installed = true;
  const requireHere = createRequire(import.meta.url);
  const main = requireHere.resolve('exceljs');
  const path = requireHere.resolve('exceljs/lib/utils/parse-sax.js', { paths: [main] });
  if (requireHere.cache[path] !== undefined) return; // exceljs is loaded already: its modules hold the old one
  const { SaxesParser } = createRequire(path)('saxes') as { SaxesParser: new () => SaxParser };

  async function* parseSax(input: AsyncIterable<Buffer | string> | Readable): AsyncGenerator<SaxEvent[]> {
    const iterable: AsyncIterable<Buffer | string> =
      Symbol.asyncIterator in input ? (input as AsyncIterable<Buffer | string>) : (input as Readable).pipe(new PassThrough());
    const parser = new SaxesParser();
    const decoder = new StringDecoder('utf8');
    let error: Error | undefined;
    let events: SaxEvent[] = [];
    parser.on('error', (err) => {
      error = err;
    });
    for (const eventType of ['opentag', 'text', 'closetag'] as const) parser.on(eventType, (value) => events.push({ eventType, value }));
    const feed = (text: string): SaxEvent[] => {
      parser.write(text);
      if (error) throw error;
      const out = events;
      events = [];
      return out;
    };
    for await (const chunk of iterable) yield feed(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    const rest = decoder.end();
    if (rest !== '') yield feed(rest);
  }

  const Module = requireHere('node:module') as unknown as new (id: string) => NodeJS.Module;
  const entry = new Module(path);
  entry.filename = path;
  entry.loaded = true;
  entry.exports = parseSax;
  requireHere.cache[path] = entry;
}
