/**
 * Tiny, structurally valid sample files built in code (no binary fixtures):
 * a baseline JPEG that decoders render as one grey 8×8 block, an RGB PNG with
 * correct CRCs, and a one-page PDF with a correct xref table. Options bolt on
 * the hostile variants the inspection tests need.
 */
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

// --- JPEG -------------------------------------------------------------------

function jpegSegment(marker: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header[0] = 0xff;
  header[1] = marker;
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

export interface JpegOptions {
  /** A COM (comment) segment. */
  comment?: string | Buffer;
  /** Extra entropy-coded bytes (no 0xFF) to make the file big. */
  padEntropyBytes?: number;
  /** Appended after the end-of-image marker. */
  trailing?: Buffer;
}

/**
 * SOI, JFIF, a flat quantisation table, a 1×1 greyscale frame, one-symbol
 * Huffman tables (DC category 0 and AC end-of-block, both coded "0"), one
 * scan whose data is "00" padded with ones (0x3F), EOI.
 */
export function sampleJpeg(options: JpegOptions = {}): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  parts.push(jpegSegment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00])));
  if (options.comment !== undefined) parts.push(jpegSegment(0xfe, typeof options.comment === 'string' ? latin1(options.comment) : options.comment));
  parts.push(jpegSegment(0xdb, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)])));
  parts.push(jpegSegment(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])));
  const oneCode = (tableClass: number) => jpegSegment(0xc4, Buffer.concat([Buffer.from([tableClass]), Buffer.from([1, ...new Array<number>(15).fill(0)]), Buffer.from([0])]));
  parts.push(oneCode(0x00), oneCode(0x10));
  parts.push(jpegSegment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])));
  parts.push(Buffer.from([0x3f]));
  if (options.padEntropyBytes) parts.push(noFfBytes(options.padEntropyBytes));
  parts.push(Buffer.from([0xff, 0xd9]));
  if (options.trailing) parts.push(options.trailing);
  return Buffer.concat(parts);
}

/** Deterministic pseudo-random bytes without 0xFF (so they are valid entropy-coded data). */
function noFfBytes(length: number, seed = 12345): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = (x >>> 16) % 255;
  }
  return out;
}

/** Deterministic pseudo-random bytes. */
export function noiseBytes(length: number, seed = 987654321): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

// --- PNG --------------------------------------------------------------------

export function pngChunk(type: string, data: Buffer, options: { badCrc?: boolean } = {}): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([latin1(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((crc32(typeAndData) ^ (options.badCrc ? 1 : 0)) >>> 0);
  return Buffer.concat([length, typeAndData, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngOptions {
  width?: number;
  height?: number;
  /** Chunks inserted between IHDR and IDAT, e.g. a tEXt chunk. */
  extraChunks?: Buffer[];
  /** Raw extra IDAT-sized data in a private chunk, to make the file big. */
  padBytes?: number;
  badIhdrCrc?: boolean;
  omitIend?: boolean;
  trailing?: Buffer;
}

export function samplePng(options: PngOptions = {}): Buffer {
  const width = options.width ?? 2;
  const height = options.height ?? 2;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x80)]);
  const raw = Buffer.concat(new Array<Buffer>(height).fill(row));
  const parts = [PNG_SIGNATURE, pngChunk('IHDR', ihdr, { badCrc: options.badIhdrCrc }), ...(options.extraChunks ?? [])];
  if (options.padBytes) {
    // Chunks of at most 1 MiB of noise in a private ancillary chunk type.
    for (let left = options.padBytes, seed = 1; left > 0; left -= 1 << 20, seed++) parts.push(pngChunk('prVt', noiseBytes(Math.min(left, 1 << 20), seed)));
  }
  parts.push(pngChunk('IDAT', deflateSync(raw)));
  if (!options.omitIend) parts.push(pngChunk('IEND', Buffer.alloc(0)));
  if (options.trailing) parts.push(options.trailing);
  return Buffer.concat(parts);
}

// --- PDF --------------------------------------------------------------------

export interface PdfOptions {
  version?: string;
  /** Extra entries in the catalog dictionary, e.g. "/OpenAction 5 0 R". */
  catalogExtra?: string;
  /** Extra objects, numbered from 5: each a full "<< … >>" or "<< … >>\nstream…endstream" body (latin1). */
  extraObjects?: (string | Buffer)[];
  /** Put in front of the header. */
  prefix?: string | Buffer;
  /** A comment of this many bytes after the header, to reach a size. */
  padBytes?: number;
  /** Random binary padding in a stream, to make the file big. */
  padStreamBytes?: number;
  omitEof?: boolean;
  trailing?: string | Buffer;
}

const asBuffer = (value: string | Buffer) => (typeof value === 'string' ? latin1(value) : value);

export function samplePdf(options: PdfOptions = {}): Buffer {
  const content = 'BT /F1 12 Tf 72 720 Td (Proof of address) Tj ET';
  const objects: Buffer[] = [
    latin1(`<< /Type /Catalog /Pages 2 0 R${options.catalogExtra ? ` ${options.catalogExtra}` : ''} >>`),
    latin1('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    latin1('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>'),
    latin1(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`),
    ...(options.extraObjects ?? []).map(asBuffer),
  ];
  if (options.padStreamBytes) {
    const noise = noiseBytes(options.padStreamBytes);
    objects.push(Buffer.concat([latin1(`<< /Length ${noise.length} /Filter /FlateDecode >>\nstream\n`), noise, latin1('\nendstream')]));
  }

  const parts: Buffer[] = [];
  let offset = 0;
  const push = (b: Buffer) => {
    parts.push(b);
    offset += b.length;
  };
  if (options.prefix !== undefined) push(asBuffer(options.prefix));
  push(latin1(`%PDF-${options.version ?? '1.7'}\n%\u00e2\u00e3\u00cf\u00d3\n`));
  if (options.padBytes) push(latin1(`%${'x'.repeat(Math.max(0, options.padBytes - 2))}\n`));
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    push(Buffer.concat([latin1(`${i + 1} 0 obj\n`), body, latin1('\nendobj\n')]));
  });
  const xrefAt = offset;
  const xref = ['xref', `0 ${objects.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  push(latin1(`${xref}\ntrailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n`));
  if (!options.omitEof) push(latin1('%%EOF\n'));
  if (options.trailing !== undefined) push(asBuffer(options.trailing));
  return Buffer.concat(parts);
}

/** A PDF of exactly `size` bytes (pads with a comment after the header). */
export function samplePdfOfSize(size: number): Buffer {
  let pad = size - samplePdf().length;
  let pdf = samplePdf({ padBytes: pad });
  for (let i = 0; i < 3 && pdf.length !== size; i++) {
    pad += size - pdf.length;
    pdf = samplePdf({ padBytes: pad });
  }
  if (pdf.length !== size) throw new Error(`could not build a ${size}-byte PDF (got ${pdf.length})`);
  return pdf;
}

/** A PDF 1.5 object stream holding `bodies`, Flate-compressed unless `encode` says otherwise. */
export function objectStream(firstObjectNumber: number, bodies: string[], options: { filter?: string; encode?: (raw: Buffer) => Buffer } = {}): Buffer {
  let header = '';
  let data = '';
  bodies.forEach((body, i) => {
    header += `${firstObjectNumber + i} ${data.length} `;
    data += `${body}\n`;
  });
  const encoded = (options.encode ?? deflateSync)(latin1(header + data));
  return Buffer.concat([
    latin1(`<< /Type /ObjStm /N ${bodies.length} /First ${header.length} /Filter ${options.filter ?? '/FlateDecode'} /Length ${encoded.length} >>\nstream\n`),
    encoded,
    latin1('\nendstream'),
  ]);
}

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * A zlib stream whose first block is stored (uncompressed) text, e.g. a fake
 * "endstream", and whose last block is `rest` compressed: the compressed
 * bytes are only found by a reader that inflates past that text.
 */
export function zlibWithStoredPrefix(stored: string, rest: string): Buffer {
  const storedBytes = latin1(stored);
  const block = Buffer.alloc(5);
  block[0] = 0x00; // BFINAL=0, BTYPE=stored
  block.writeUInt16LE(storedBytes.length, 1);
  block.writeUInt16LE(~storedBytes.length & 0xffff, 3);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler32(Buffer.concat([storedBytes, latin1(rest)])));
  return Buffer.concat([Buffer.from([0x78, 0x9c]), block, storedBytes, deflateRawSync(latin1(rest)), trailer]);
}

// --- other formats ----------------------------------------------------------

export const sampleGif = () =>
  Buffer.concat([latin1('GIF89a'), Buffer.from([1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3b])]);

export const sampleSvg = () => latin1('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>\n');

export const sampleHtml = () => latin1('<!DOCTYPE html>\n<html><body><script>fetch("/api/me")</script></body></html>\n');

/** A ZIP with one stored file, with correct local header, central directory and end record. */
export function sampleZip(name = 'payload.class', content = latin1('hello')): Buffer {
  const fileName = latin1(name);
  const crc = crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc >>> 0, 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc >>> 0, 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const cdOffset = local.length + fileName.length + content.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, fileName, content, central, fileName, end]);
}
