import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UploadMimeType } from '../../../src/config/vocabulary';
import { ValidationError } from '../../../src/domain/errors';
import { inspectUpload, safeFileName, type UploadInspectionInput, type UploadRefusalCode } from '../../../src/integrations/files/upload-inspection';
import {
  noiseBytes,
  objectStream,
  pngChunk,
  PNG_SIGNATURE,
  sampleGif,
  sampleHtml,
  sampleJpeg,
  samplePdf,
  samplePdfOfSize,
  samplePng,
  sampleSvg,
  sampleZip,
  zlibWithStoredPrefix,
} from './sample-files';

const MiB = 1024 * 1024;
const ALL: UploadMimeType[] = ['image/jpeg', 'image/png', 'application/pdf'];

function inspect(overrides: Partial<UploadInspectionInput> & { bytes: Buffer }) {
  return inspectUpload({ fileName: 'document', declaredMimeType: null, acceptedMimeTypes: ALL, maxBytes: 10 * MiB, ...overrides });
}

function refusal(overrides: Partial<UploadInspectionInput> & { bytes: Buffer }): ValidationError {
  try {
    inspect(overrides);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected the upload to be refused');
}

function expectRefused(overrides: Partial<UploadInspectionInput> & { bytes: Buffer }, code: UploadRefusalCode, reason?: string): ValidationError {
  const error = refusal(overrides);
  expect({ code: error.code, reason: (error.details as { reason?: string } | undefined)?.reason }).toEqual({ code, reason: reason ?? expect.anything() });
  expect(error.status).toBe(422);
  expect(error.message.length).toBeGreaterThan(20);
  return error;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('inspectUpload: accepted files', () => {
  it.each([
    ['passport.jpg', 'image/jpeg', sampleJpeg(), 'image/jpeg', 'jpg'],
    ['Passport scan.JPEG', null, sampleJpeg(), 'image/jpeg', 'jpg'],
    ['selfie.png', 'image/png', samplePng(), 'image/png', 'png'],
    ['selfie.PNG', 'image/x-png', samplePng({ width: 300, height: 200 }), 'image/png', 'png'],
    ['utility bill.pdf', 'application/pdf', samplePdf(), 'application/pdf', 'pdf'],
    ['statement.pdf', 'application/pdf; charset=binary', samplePdf({ version: '2.0' }), 'application/pdf', 'pdf'],
  ] as const)('%s (declared %s) passes', (fileName, declaredMimeType, bytes, mimeType, extension) => {
    const file = inspect({ fileName, declaredMimeType, bytes });
    expect(file).toEqual({ mimeType, extension, sha256: sha256(bytes), sizeBytes: bytes.length, safeFileName: expect.stringMatching(new RegExp(`\\.${extension}$`)) });
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps a readable name and gives it the right extension', () => {
    expect(inspect({ fileName: 'Passport scan.JPEG', bytes: sampleJpeg() }).safeFileName).toBe('Passport scan.jpg');
    expect(inspect({ fileName: 'relevé de compte (mars).pdf', bytes: samplePdf() }).safeFileName).toBe('relevé de compte _mars_.pdf');
    expect(inspect({ fileName: 'scan', bytes: samplePng() }).safeFileName).toBe('scan.png');
    expect(inspect({ fileName: 'statement 01.03.2024', bytes: samplePdf() }).safeFileName).toBe('statement 01.03.2024.pdf');
    expect(inspect({ fileName: '-rf *.pdf', bytes: samplePdf() }).safeFileName).toBe('rf _.pdf');
    expect(inspect({ fileName: '###.pdf', bytes: samplePdf() }).safeFileName).toBe('document.pdf');
    expect(inspect({ fileName: 'جواز سفر.jpg', bytes: sampleJpeg() }).safeFileName).toBe('جواز سفر.jpg');
  });

  it('treats aliases and uninformative declared types as no claim', () => {
    for (const declaredMimeType of ['image/jpg', 'image/pjpeg', 'IMAGE/JPEG', 'application/octet-stream', '']) {
      expect(inspect({ fileName: 'id.jpg', declaredMimeType, bytes: sampleJpeg() }).mimeType).toBe('image/jpeg');
    }
  });

  it('does not read an encrypted PDF\'s object streams (documented limit)', () => {
    const pdf = samplePdf({ catalogExtra: '/Encrypt 5 0 R', extraObjects: ['<< /Filter /Standard /V 2 /R 3 >>', objectStream(7, [], { encode: () => Buffer.from('encrypted bytes') })] });
    expect(inspect({ bytes: pdf }).mimeType).toBe('application/pdf');
  });

  it('allows zero padding after the end of a JPEG, and a PDF with a plain /OpenAction and links', () => {
    expect(inspect({ bytes: sampleJpeg({ trailing: Buffer.alloc(512) }) }).extension).toBe('jpg');
    const pdf = samplePdf({ catalogExtra: '/OpenAction [3 0 R /Fit]', extraObjects: ['<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://bank.example) >> >>'] });
    expect(inspect({ bytes: pdf }).mimeType).toBe('application/pdf');
  });

  it('does not mistake compressed data and XMP metadata for something else', () => {
    const xmp = '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><?xml version="1.0"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta><?xpacket end="w"?>';
    expect(inspect({ bytes: sampleJpeg({ comment: xmp, padEntropyBytes: 4 * MiB }) }).extension).toBe('jpg');
    expect(inspect({ bytes: samplePng({ padBytes: 4 * MiB }) }).extension).toBe('png');
    expect(inspect({ bytes: samplePdf({ padStreamBytes: 4 * MiB }) }).extension).toBe('pdf');
  });

  it('accepts a file of exactly maxBytes', () => {
    expect(inspect({ bytes: samplePdfOfSize(64 * 1024), maxBytes: 64 * 1024 }).sizeBytes).toBe(64 * 1024);
  });
});

describe('inspectUpload: refusals', () => {
  it.each([
    ['../etc/passwd', 'path_separator'],
    ['a/b.pdf', 'path_separator'],
    ['a\\b.pdf', 'path_separator'],
    ['bad\u0000.pdf', 'control_character'],
    ['bad\n.pdf', 'control_character'],
    ['bad\u007f.pdf', 'control_character'],
    ['bad\u0085.pdf', 'control_character'],
    ['bad\u2028.pdf', 'control_character'],
    ['bad\r.pdf', 'control_character'],
    ['invoice\u202Efdp.exe', 'text_direction_character'],
    ['x..pdf', 'dot_dot'],
    ['.htaccess', 'leading_dot'],
    ['.pdf', 'leading_dot'],
    ['', 'empty'],
    ['   ', 'empty'],
    [`${'a'.repeat(197)}.pdf`, 'too_long'],
  ])('file name %j → file_name_invalid (%s)', (fileName, reason) => {
    const error = expectRefused({ fileName, bytes: samplePdf() }, 'file_name_invalid', reason);
    expect(error.message).not.toContain(fileName.trim() || '\u0000');
  });

  it('accepts a 200-character name', () => {
    expect(inspect({ fileName: `${'a'.repeat(196)}.pdf`, bytes: samplePdf() }).safeFileName).toBe(`${'a'.repeat(120)}.pdf`);
  });

  it('refuses a zero-byte file', () => {
    expectRefused({ fileName: 'passport.jpg', bytes: Buffer.alloc(0) }, 'file_empty');
  });

  it('refuses a file one byte over the limit, saying the limit in MB', () => {
    const error = expectRefused({ bytes: samplePdfOfSize(2 * MiB + 1), maxBytes: 2 * MiB }, 'file_too_large', 'too_large');
    expect(error.message).toContain('2 MB');
    expect(error.details).toMatchObject({ sizeBytes: 2 * MiB + 1, maxBytes: 2 * MiB });
    expect(expectRefused({ bytes: Buffer.alloc(10 * MiB + 1) }, 'file_too_large').message).toContain('10 MB');
  });

  it.each([
    ['a GIF', 'animation.gif', sampleGif(), 'image/gif'],
    ['an SVG', 'logo.svg', sampleSvg(), 'image/svg+xml'],
    ['an SVG renamed .png', 'logo.png', sampleSvg(), 'image/svg+xml'],
    ['an HTML page renamed .jpg', 'passport.jpg', sampleHtml(), 'text/html'],
    ['a Word document', 'statement.pdf', sampleZip('word/document.xml'), 'application/zip'],
    ['random bytes', 'id.jpg', noiseBytes(2048), 'application/octet-stream'],
    ['a program', 'id.pdf', Buffer.from('MZ\u0090\u0000\u0003', 'latin1'), 'application/x-executable'],
  ])('refuses %s as file_type_not_accepted and says what is accepted', (_label, fileName, bytes, detected) => {
    const error = expectRefused({ fileName, bytes }, 'file_type_not_accepted', 'unrecognised_content');
    expect(error.details).toMatchObject({ detected });
    expect(error.message).toContain('JPEG, PNG or PDF');
  });

  it('refuses an accepted format the document type does not accept', () => {
    const error = expectRefused({ fileName: 'passport.png', bytes: samplePng(), acceptedMimeTypes: ['application/pdf'] }, 'file_type_not_accepted', 'type_not_accepted');
    expect(error.message).toBe('This file is a PNG image, which is not accepted for this document. Accepted: PDF.');
  });

  it.each([
    ['a PNG with <script> appended', 'selfie.png', samplePng({ trailing: Buffer.from('<script>alert(document.cookie)</script>') }), 'markup'],
    ['a PNG with an SVG in a text chunk', 'selfie.png', samplePng({ extraChunks: [pngChunk('tEXt', Buffer.from('Comment\u0000<svg onload=alert(1)>', 'latin1'))] }), 'markup'],
    ['a JPEG with HTML in its comment', 'id.jpg', sampleJpeg({ comment: '<html><body>hi</body></html>' }), 'markup'],
    ['a JPEG with a ZIP appended', 'id.jpg', sampleJpeg({ trailing: sampleZip() }), 'zip'],
    ['a JPEG with a ZIP inside its comment', 'id.jpg', sampleJpeg({ comment: sampleZip().subarray(0, 60) }), 'zip'],
    ['a JPEG with a PDF header in its comment', 'id.jpg', sampleJpeg({ comment: '%PDF-1.4\n1 0 obj' }), 'pdf_signature'],
    ['a PNG with a GIF inside', 'id.png', samplePng({ trailing: sampleGif() }), 'gif_signature'],
    ['a JPEG with a PNG inside', 'id.jpg', sampleJpeg({ comment: Buffer.concat([PNG_SIGNATURE, Buffer.from('IHDR')]) }), 'png_signature'],
    ['a PDF with a ZIP appended', 'statement.pdf', samplePdf({ trailing: sampleZip() }), 'zip'],
    ['a PDF with HTML in its first 4 KB', 'statement.pdf', samplePdf({ extraObjects: ['(<!DOCTYPE html><script>alert(1)</script>)'] }), 'markup'],
    ['an HTML page with a PDF after it', 'statement.pdf', samplePdf({ prefix: '<html><script>alert(1)</script></html>\n' }), 'data_before_pdf_header'],
  ])('refuses %s as file_polyglot', (_label, fileName, bytes, reason) => {
    expectRefused({ fileName, bytes }, 'file_polyglot', reason);
  });

  it.each([
    ['/JavaScript in an OpenAction', samplePdf({ catalogExtra: '/OpenAction 5 0 R', extraObjects: ['<< /S /JavaScript /JS (app.alert(1)) >>'] }), 'JavaScript'],
    ['a bare /JS entry', samplePdf({ extraObjects: ['<< /JS (app.alert(1)) >>'] }), 'JS'],
    ['an escaped /J#61vaScript name', samplePdf({ catalogExtra: '/OpenAction << /S /J#61v#61Script /JS (x) >>' }), 'JavaScript'],
    ['a /Launch action', samplePdf({ catalogExtra: '/OpenAction << /S /Launch /F (cmd.exe) >>' }), 'Launch'],
    ['an embedded file', samplePdf({ catalogExtra: '/Names << /EmbeddedFiles 5 0 R >>', extraObjects: ['<< /Names [(a.exe) 6 0 R] >>'] }), 'EmbeddedFiles'],
    ['an XFA form', samplePdf({ catalogExtra: '/AcroForm << /XFA 5 0 R >>', extraObjects: ['<< >>'] }), 'XFA'],
    ['JavaScript hidden in a compressed object stream', samplePdf({ catalogExtra: '/OpenAction 6 0 R', extraObjects: [objectStream(6, ['<< /S /JavaScript /JS (app.alert(1)) >>'])] }), 'JavaScript'],
    ['a bare /JS hidden in a compressed object stream', samplePdf({ extraObjects: [objectStream(6, ['<< /Type /Action /JS 7 0 R >>'])] }), 'JS'],
    [
      'JavaScript compressed after a fake "endstream" inside an object stream',
      samplePdf({ extraObjects: [objectStream(6, [], { encode: () => zlibWithStoredPrefix('6 0 7 0 \nendstream\nendobj\n', '<< /S /JavaScript /JS (app.alert(1)) >> ') })] }),
      'JavaScript',
    ],
    ['an escaped /F#69lter on a compressed object stream', samplePdf({ extraObjects: [objectStream(6, ['<< /JS (x) >>'], { filter: '/Fl#61teDecode' })] }), 'JS'],
  ])('refuses a PDF with %s as file_active_content', (_label, bytes, name) => {
    const error = expectRefused({ fileName: 'statement.pdf', bytes }, 'file_active_content', 'active_content');
    expect(error.details).toMatchObject({ name: `/${name}` });
  });

  it.each([
    ['a truncated JPEG', 'id.jpg', sampleJpeg().subarray(0, sampleJpeg().length - 2), 'jpeg_truncated'],
    ['a JPEG cut inside its header', 'id.jpg', sampleJpeg().subarray(0, 40), 'jpeg_truncated'],
    ['a JPEG with data after the image', 'id.jpg', sampleJpeg({ trailing: Buffer.from('vendor trailer') }), 'trailing_data'],
    ['a JPEG with no frame', 'id.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0x3f, 0xff, 0xd9]), 'jpeg_corrupt_header'],
    ['a PNG without IEND', 'id.png', samplePng({ omitIend: true }), 'png_truncated'],
    ['a PNG cut in half', 'id.png', samplePng().subarray(0, 40), 'png_truncated'],
    ['a PNG with a damaged IHDR', 'id.png', samplePng({ badIhdrCrc: true }), 'png_ihdr_crc'],
    ['a PNG with junk after IEND', 'id.png', samplePng({ trailing: Buffer.from('junk') }), 'trailing_data'],
    ['a bare PNG signature', 'id.png', PNG_SIGNATURE, 'png_truncated'],
    ['a PDF without %%EOF', 'statement.pdf', samplePdf({ omitEof: true }), 'pdf_no_eof'],
    ['a PDF cut in half', 'statement.pdf', samplePdf().subarray(0, 200), 'pdf_no_eof'],
    ['a PDF of an unknown version', 'statement.pdf', samplePdf({ version: '9.9' }), 'pdf_bad_header'],
    ['a PDF with whitespace before its header', 'statement.pdf', samplePdf({ prefix: '\r\n  ' }), 'pdf_header_not_at_start'],
    ['a PDF with an object stream we cannot decode', 'statement.pdf', samplePdf({ extraObjects: [objectStream(6, ['<< >>'], { filter: '/ASCIIHexDecode', encode: (raw) => Buffer.from(raw.toString('hex')) })] }), 'object_stream_unsupported_encoding'],
    ['a PDF with a corrupt object stream', 'statement.pdf', samplePdf({ extraObjects: ['<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length 8 >>\nstream\nnotflate\nendstream'] }), 'object_stream_corrupt'],
  ])('refuses %s as file_unreadable', (_label, fileName, bytes, reason) => {
    expectRefused({ fileName, bytes }, 'file_unreadable', reason);
  });

  it.each([
    ['a PNG named passport.pdf', 'passport.pdf', null, samplePng(), 'extension'],
    ['a PNG sent as application/pdf', 'passport.png', 'application/pdf', samplePng(), 'declared_mime_type'],
    ['a JPEG named .png', 'id.png', 'image/jpeg', sampleJpeg(), 'extension'],
    ['a PDF named .docx', 'statement.docx', null, samplePdf(), 'extension'],
    ['a JPEG sent as text/html', 'id.jpg', 'text/html', sampleJpeg(), 'declared_mime_type'],
  ])('refuses %s as file_type_mismatch ("mislabelled")', (_label, fileName, declaredMimeType, bytes, reason) => {
    const error = expectRefused({ fileName, declaredMimeType, bytes }, 'file_type_mismatch', reason);
    expect(error.message).toContain('mislabelled');
  });
});

describe('inspectUpload: the order of checks gives the most useful reason', () => {
  it('a bad name comes first, even for an empty file', () => {
    expectRefused({ fileName: '../x.pdf', bytes: Buffer.alloc(0) }, 'file_name_invalid');
  });
  it('size comes before type', () => {
    expectRefused({ fileName: 'x.gif', bytes: Buffer.concat([sampleGif(), Buffer.alloc(2048)]), maxBytes: 1024 }, 'file_too_large');
  });
  it('a polyglot is reported as such even when it is also mislabelled or damaged', () => {
    expectRefused({ fileName: 'passport.pdf', bytes: samplePng({ trailing: Buffer.from('<script>x</script>') }) }, 'file_polyglot');
    expectRefused({ fileName: 'id.jpg', bytes: Buffer.concat([sampleJpeg().subarray(0, 30), sampleZip()]) }, 'file_polyglot');
  });
  it('a damaged file is reported as damaged, not as mislabelled', () => {
    expectRefused({ fileName: 'passport.pdf', bytes: samplePng({ omitIend: true }) }, 'file_unreadable');
  });
  it('a type the document does not take is reported before a mislabel', () => {
    expectRefused({ fileName: 'passport.pdf', bytes: samplePng(), acceptedMimeTypes: ['application/pdf'] }, 'file_type_not_accepted');
  });
});

describe('inspectUpload: properties and bounds', () => {
  it('every accepted name becomes a safe name with the right extension', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }), fc.constantFrom(...ALL), (name, mime) => {
        const value = safeFileName(name, mime);
        expect(value).toMatch(/^[\p{L}\p{M}\p{N}_][\p{L}\p{M}\p{N} ._-]*\.(jpg|png|pdf)$/u);
        expect(value.endsWith(`.${{ 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' }[mime]}`)).toBe(true);
        expect(value).not.toMatch(/^[.\- ]|\.\.|[/\\]/);
      }),
    );
  });

  it('never throws anything but a ValidationError, whatever the bytes and name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 600 }), fc.constantFrom(null, 'image/png', 'text/html'), (fileName, raw, declaredMimeType) => {
        for (const prefix of [Buffer.alloc(0), Buffer.from([0xff, 0xd8, 0xff]), PNG_SIGNATURE, Buffer.from('%PDF-1.7\n')]) {
          try {
            inspect({ fileName, declaredMimeType, bytes: Buffer.concat([prefix, Buffer.from(raw)]) });
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  function fastest(run: () => void): number {
    run();
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      run();
      best = Math.min(best, performance.now() - started);
    }
    return best;
  }

  // Inspection must stay linear in the file's size (no pattern a crafted file can make quadratic).
  // Not a timed test: the time for 10 MiB is compared with the time for 1 MiB of the same content on
  // the same machine at the same moment, so a loaded machine slows both; linear is ~10×, quadratic ~100×.
  it.each([
    ['JPEG', (n: number) => sampleJpeg({ padEntropyBytes: n - 400 })],
    ['PNG', (n: number) => samplePng({ padBytes: n - 400 })],
    ['PDF', (n: number) => samplePdf({ padStreamBytes: n - 1000 })],
    ['PNG stuffed with "<"', (n: number) => samplePng({ extraChunks: [pngChunk('tEXt', Buffer.alloc(n - 400, '<'))] })],
    ['PNG stuffed with "PK\\3\\4"', (n: number) => samplePng({ extraChunks: [pngChunk('tEXt', Buffer.alloc(n - 400, 'PK\u0003\u0004\u0014\u0000', 'latin1'))] })],
    ['PDF stuffed with "/"', (n: number) => samplePdf({ extraObjects: [`(${'/'.repeat(n - 1000)})`] })],
    ['PDF stuffed with empty object streams', (n: number) => samplePdf({ extraObjects: ['<< /Type /ObjStm >>\nstream\nendstream\n'.repeat(Math.floor(n / 1165))] })],
    ['PDF stuffed with tiny compressed object streams', (n: number) => samplePdf({ extraObjects: new Array<Buffer>(Math.floor(n / 2097)).fill(objectStream(9, ['<< /Type /Font >>'])) })],
  ])('inspects a %s in time linear in its size (10 MiB vs 1 MiB)', (_label, build) => {
    const time = (bytes: Buffer) =>
      fastest(() => {
        try {
          inspect({ bytes, maxBytes: 11 * MiB });
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
        }
      });
    const small = Math.max(time(build(MiB)), 0.5);
    const large = time(build(10 * MiB));
    expect(large / small, `1 MiB: ${small.toFixed(2)} ms, 10 MiB: ${large.toFixed(2)} ms`).toBeLessThan(40);
  });
});
