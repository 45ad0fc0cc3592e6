/**
 * Upload inspection: decides, from the bytes alone, whether an uploaded file
 * is a JPEG, PNG or PDF we are willing to keep, and refuses everything else
 * with a `ValidationError` carrying a specific `code` and a message the
 * client can act on. Pure (no I/O) and bounded: every scan is linear in the
 * file size and built on native searches and regexes, structure walks are
 * capped (PNG chunks, JPEG header segments, PDF streams), so a 10 MiB file
 * inspects in about 15–25 ms, hostile ones included; files over
 * `HARD_MAX_INSPECT_BYTES` are refused unread.
 *
 * Checks run in this order, so a file is refused for the reason that, once
 * fixed, would let it through (renaming a polyglot does not make it safe, so
 * the polyglot is reported, not the name):
 *
 *   1. file_name_invalid      the name itself (empty, > 200 characters, / or \,
 *                             "..", control or text-direction characters,
 *                             leading dot)
 *   2. file_empty             0 bytes
 *   3. file_too_large         more than `maxBytes`
 *   4. file_type_not_accepted the content is not a JPEG/PNG/PDF, or is one the
 *                             document type does not accept
 *   5. file_polyglot          the content is also something else a browser or
 *                             a tool would open: HTML/SVG/script markup, a ZIP
 *                             (JAR, Office) archive, another format's magic,
 *                             data in front of the PDF header
 *   6. file_active_content    a PDF carrying JavaScript, launch actions,
 *                             attachments, Flash/RichMedia or XFA forms
 *   7. file_unreadable        truncated or corrupt structure
 *   8. file_type_mismatch     the declared MIME type or the file extension says
 *                             another type than the content ("mislabelled")
 *
 * Decisions:
 * - The PDF header must be at offset 0. Readers tolerate up to 1024 bytes of
 *   junk in front of it, and that slack is exactly what HTML/ZIP/PDF
 *   polyglots use. Junk that is only whitespace/BOM/NUL → file_unreadable;
 *   anything else in front of the header → file_polyglot.
 * - Active PDF content has its own code, `file_active_content`, because the
 *   client's fix differs ("print/export to a plain PDF"). Refused names:
 *   /JavaScript, /JS, /Launch, /EmbeddedFile(s), /RichMedia, /XFA, /GoToE,
 *   /ImportData, matched with `#xx` escapes decoded (`/J#61vaScript`).
 *   Flate-compressed object streams are inflated (bounded: 32 MiB in total,
 *   5,000 streams) and read too; an unencrypted object stream we cannot
 *   decode (corrupt, other filters, predictors) → file_unreadable. A bare
 *   /OpenAction (open at page 1) or a /URI link is allowed; an /OpenAction
 *   that runs JavaScript is refused through the /JavaScript or /JS it needs.
 *   /JS (3 letters) is only searched in object syntax, not inside stream
 *   data, where it turns up by chance in compressed bytes.
 *   Limit: object streams of encrypted PDFs (owner-password bank statements)
 *   cannot be read and are skipped; serving PDFs as attachments under a
 *   sandboxing CSP remains the main defence.
 * - `<?xml` is not a polyglot marker inside images and PDFs: XMP metadata
 *   legitimately embeds XML, and XML alone is inert; the executable forms
 *   (SVG, XHTML, HTML) are caught by `<svg`, `<html`, `<script`… A file that
 *   *is* XML/SVG/HTML is refused as file_type_not_accepted.
 * - Markup markers are searched anywhere in images and in the first 4 KB of
 *   PDFs; ZIP is recognised by its end-of-central-directory record at the end
 *   (what unzip/java read) or a plausible local header anywhere; `%PDF-`
 *   anywhere in images, GIF signatures anywhere, a PNG signature inside a
 *   JPEG, a PDF or (a second one) a PNG.
 *   Short or 3-byte signatures (a JPEG SOI, `<a `) are deliberately not
 *   searched inside compressed data: they occur by chance in real photos.
 * - JPEG must start FF D8 FF, have a well-formed header up to the first scan
 *   with a frame (SOF), and end with FF D9 after optional zero padding. Data
 *   appended after the image (some phones append video or vendor trailers)
 *   is refused as file_unreadable (`trailing_data`).
 * - PNG: signature, IHDR first with valid fields, every chunk's CRC checked
 *   (it is cheap and catches corruption), at least one IDAT, IEND last, then
 *   only zero padding.
 * - PDF: header `%PDF-1.x` or `%PDF-2.0` at offset 0, `%%EOF` within the last
 *   1024 bytes.
 * - Declared MIME types are compared after lower-casing and dropping
 *   parameters; aliases (image/jpg, image/pjpeg, image/x-png,
 *   application/x-pdf) count as their type; application/octet-stream and an
 *   empty or null type say nothing and are ignored. An extension is a
 *   mismatch only if it names another known format (.pdf, .gif, .html,
 *   .docx…); an unknown suffix ("statement.2024") is kept in the name and the
 *   right extension appended.
 * - Every refusal is a `ValidationError` (HTTP 422) with `details.reason`
 *   naming the precise sub-check. The message never echoes the file name.
 */
import { createHash } from 'node:crypto';
import { constants as zlibConstants, crc32, inflateSync } from 'node:zlib';
import type { UploadMimeType } from '../../config/vocabulary';
import { ValidationError } from '../../domain/errors';

export type InspectedExtension = 'jpg' | 'png' | 'pdf';

export interface UploadInspectionInput {
  fileName: string;
  /** The Content-Type the client sent for the file part, or null if none. */
  declaredMimeType: string | null;
  bytes: Buffer;
  acceptedMimeTypes: readonly UploadMimeType[];
  maxBytes: number;
}

export interface InspectedFile {
  mimeType: UploadMimeType;
  extension: InspectedExtension;
  /** Lowercase hex SHA-256 of the bytes: the storage key. */
  sha256: string;
  sizeBytes: number;
  /** Letters, digits, space, `.`, `-`, `_` only, ending in `.${extension}`. */
  safeFileName: string;
}

export const UPLOAD_REFUSAL_CODES = [
  'file_name_invalid',
  'file_empty',
  'file_too_large',
  'file_type_not_accepted',
  'file_polyglot',
  'file_active_content',
  'file_unreadable',
  'file_type_mismatch',
] as const;
export type UploadRefusalCode = (typeof UPLOAD_REFUSAL_CODES)[number];

export const MAX_FILE_NAME_LENGTH = 200;
/** Refused without inspection whatever `maxBytes` says (the config caps it at 50 MiB). */
export const HARD_MAX_INSPECT_BYTES = 64 * 1024 * 1024;
/** Budget for inflating PDF object streams, in total per file. */
const MAX_INFLATED_OBJECT_STREAM_BYTES = 32 * 1024 * 1024;
const MAX_OBJECT_STREAMS = 5_000;
const MAX_PNG_CHUNKS = 100_000;
const MAX_PDF_STREAMS = 50_000;
const MAX_JPEG_HEADER_SEGMENTS = 4_096;
const PDF_MARKUP_WINDOW = 4 * 1024;
const PDF_HEADER_WINDOW = 1024;
const PDF_EOF_WINDOW = 1024;
const SAFE_BASE_MAX_LENGTH = 120;

type Kind = 'jpeg' | 'png' | 'pdf';

const KIND_INFO: Record<Kind, { mime: UploadMimeType; extension: InspectedExtension; label: string; short: string }> = {
  jpeg: { mime: 'image/jpeg', extension: 'jpg', label: 'a JPEG image', short: 'JPEG' },
  png: { mime: 'image/png', extension: 'png', label: 'a PNG image', short: 'PNG' },
  pdf: { mime: 'application/pdf', extension: 'pdf', label: 'a PDF document', short: 'PDF' },
};

const KIND_BY_MIME: Record<UploadMimeType, Kind> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'application/pdf': 'pdf' };

const MIME_ALIASES: Record<string, Kind> = {
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/pjpeg': 'jpeg',
  'image/jfif': 'jpeg',
  'image/png': 'png',
  'image/x-png': 'png',
  'image/apng': 'png',
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
  'application/acrobat': 'pdf',
  'text/pdf': 'pdf',
};

/** Declared types that carry no claim about the content. */
const UNINFORMATIVE_MIME = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown', 'application/x-download', 'application/force-download']);

const KIND_EXTENSIONS: Record<Kind, readonly string[]> = {
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif', 'pjpeg', 'pjp'],
  png: ['png'],
  pdf: ['pdf'],
};

/** Extensions of other formats: one of these on an accepted file is a mislabel. */
const OTHER_FORMAT_EXTENSIONS = new Set(
  (
    'gif bmp dib tif tiff webp heic heif avif ico cur svg svgz jxl jp2 psd raw dng cr2 nef ' +
    'html htm xhtml xht shtml mht mhtml xml xsl xslt js mjs cjs jsx ts vbs wsf hta php asp aspx jsp swf ' +
    'exe dll com scr msi bat cmd sh ps1 app apk jar war class py rb pl lnk url ' +
    'zip rar 7z gz tgz bz2 xz tar cab iso dmg ' +
    'doc docx docm dot dotx xls xlsx xlsm ppt pptx pptm odt ods odp rtf txt csv json md eml msg ' +
    'mp3 mp4 m4a mov avi mkv webm wav'
  ).split(' '),
);

// ---------------------------------------------------------------------------

export function inspectUpload(input: UploadInspectionInput): InspectedFile {
  const { fileName, declaredMimeType, bytes, acceptedMimeTypes, maxBytes } = input;

  checkFileName(fileName);

  if (bytes.length === 0) {
    refuse('file_empty', 'The file is empty (0 bytes). Choose the file again and re-upload it.', { reason: 'empty' });
  }
  const limit = Math.min(maxBytes, HARD_MAX_INSPECT_BYTES);
  if (bytes.length > limit) {
    refuse('file_too_large', `The file is larger than the ${formatMegabytes(limit)} limit for this document. Upload a smaller file (for example a lower-resolution scan or photo).`, {
      reason: 'too_large',
      sizeBytes: bytes.length,
      maxBytes: limit,
    });
  }

  const accepted = acceptedMimeTypes.map((mime) => KIND_BY_MIME[mime]);
  const kind = identify(bytes, accepted);
  if (!accepted.includes(kind)) {
    refuse('file_type_not_accepted', `This file is ${KIND_INFO[kind].label}, which is not accepted for this document. Accepted: ${acceptedList(accepted)}.`, {
      reason: 'type_not_accepted',
      detected: KIND_INFO[kind].mime,
      accepted: [...acceptedMimeTypes],
    });
  }

  // One latin1 view of the bytes serves every pattern search below.
  const text = bytes.toString('latin1');

  checkPolyglot(kind, bytes, text);
  if (kind === 'pdf') checkPdfActiveContent(bytes, text);
  checkStructure(kind, bytes);
  checkLabels(kind, fileName, declaredMimeType);

  const info = KIND_INFO[kind];
  return {
    mimeType: info.mime,
    extension: info.extension,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sizeBytes: bytes.length,
    safeFileName: safeFileName(fileName, info.mime),
  };
}

// --- refusal helpers --------------------------------------------------------

function refuse(code: UploadRefusalCode, message: string, details: Record<string, unknown>): never {
  throw new ValidationError(message, details, code);
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  const rounded = mb >= 10 || Number.isInteger(mb) ? Math.round(mb * 10) / 10 : Math.round(mb * 100) / 100;
  return `${rounded} MB`;
}

function acceptedList(kinds: readonly Kind[]): string {
  const names = kinds.map((k) => KIND_INFO[k].short);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

// --- 1. file name -----------------------------------------------------------

/** C0, DEL, C1, and the Unicode line/paragraph separators. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Bidi overrides/isolates: their only use in a file name is disguising the extension. */
const TEXT_DIRECTION_CHARACTERS = /[\u202a-\u202e\u2066-\u2069]/;

function checkFileName(name: string): void {
  const invalid = (reason: string, why: string): never =>
    refuse('file_name_invalid', `The file name is not allowed: ${why}. Rename the file and upload it again.`, { reason });

  if (typeof name !== 'string' || name.trim() === '') invalid('empty', 'it is empty');
  if ([...name].length > MAX_FILE_NAME_LENGTH) invalid('too_long', `it is longer than ${MAX_FILE_NAME_LENGTH} characters`);
  if (CONTROL_CHARACTERS.test(name)) invalid('control_character', 'it contains control characters (such as a line break or a null byte)');
  if (TEXT_DIRECTION_CHARACTERS.test(name)) invalid('text_direction_character', 'it contains invisible text-direction characters');
  if (/[/\\]/.test(name)) invalid('path_separator', 'it contains a path separator (/ or \\)');
  if (name.includes('..')) invalid('dot_dot', 'it contains ".."');
  if (name.startsWith('.')) invalid('leading_dot', 'it starts with a dot');
}

/** The lowercase text after the last dot, or null (no dot, or a trailing dot). */
function extensionOf(name: string): string | null {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return null;
  return name.slice(dot + 1).toLowerCase();
}

/**
 * The client's name made safe to show and to offer as a download name:
 * letters, marks, digits, space, `.`, `-`, `_`; never a leading dot or dash;
 * at most 120 characters before the extension; the right extension.
 */
export function safeFileName(fileName: string, mimeType: UploadMimeType): string {
  const kind = KIND_BY_MIME[mimeType];
  let base = fileName.normalize('NFC');
  const ext = extensionOf(base);
  if (ext !== null && KIND_EXTENSIONS[kind].includes(ext)) base = base.slice(0, base.lastIndexOf('.'));
  base = base
    .replace(/\p{Zs}/gu, ' ')
    .replace(/[^\p{L}\p{M}\p{N} ._-]+/gu, '_')
    .replace(/_{2,}/g, '_')
    .replace(/ {2,}/g, ' ')
    .replace(/\.{2,}/g, '.');
  base = trimName([...trimName(base)].slice(0, SAFE_BASE_MAX_LENGTH).join(''));
  if (!/[\p{L}\p{N}]/u.test(base)) base = 'document';
  return `${base}.${KIND_INFO[kind].extension}`;
}

/** No leading space, dot or dash (a dash reads as an option to command-line tools); no trailing space or dot. */
function trimName(value: string): string {
  return value.replace(/^[ .-]+/, '').replace(/[ .]+$/, '');
}

// --- 4. what is it? --------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function startsWith(bytes: Buffer, prefix: Buffer | string, at = 0): boolean {
  const p = typeof prefix === 'string' ? Buffer.from(prefix, 'latin1') : prefix;
  return bytes.length >= at + p.length && bytes.compare(p, 0, p.length, at, at + p.length) === 0;
}

function identify(bytes: Buffer, accepted: readonly Kind[]): Kind {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, '%PDF-')) return 'pdf';

  const headerAt = bytes.subarray(0, PDF_HEADER_WINDOW + 5).indexOf('%PDF-', 0, 'latin1');
  if (headerAt > 0) {
    const prefix = bytes.subarray(0, headerAt);
    const inertPrefix = prefix.every((b) => b === 0x00 || b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d || b === 0x20 || b === 0xef || b === 0xbb || b === 0xbf || b === 0xfe || b === 0xff);
    if (inertPrefix) {
      refuse('file_unreadable', 'This PDF is damaged: its header is not at the start of the file. Export or save it as PDF again and re-upload it.', {
        reason: 'pdf_header_not_at_start',
        offset: headerAt,
      });
    }
    refuse('file_polyglot', 'This file is refused: it hides other content in front of the PDF header, so it could be opened as something other than a PDF. Export or print the document to a new PDF and upload that.', {
      reason: 'data_before_pdf_header',
      offset: headerAt,
    });
  }

  const detected = sniffOther(bytes);
  refuse('file_type_not_accepted', `This file is ${detected.label}, not ${acceptedList(accepted)}. Only ${acceptedList(accepted)} files are accepted for this document.`, {
    reason: 'unrecognised_content',
    detected: detected.id,
    accepted: accepted.map((k) => KIND_INFO[k].mime),
  });
}

/** A best-effort name for content we refuse, so the message can say what the file is. */
function sniffOther(bytes: Buffer): { id: string; label: string } {
  const at = (s: string, offset = 0) => startsWith(bytes, s, offset);
  if (at('GIF87a') || at('GIF89a')) return { id: 'image/gif', label: 'a GIF image' };
  if (at('RIFF') && at('WEBP', 8)) return { id: 'image/webp', label: 'a WebP image' };
  if (at('II*\u0000') || at('MM\u0000*')) return { id: 'image/tiff', label: 'a TIFF image' };
  if (at('ftyp', 4) && /^(heic|heix|hevc|mif1|msf1|avif)$/.test(bytes.toString('latin1', 8, 12))) return { id: 'image/heic', label: 'a HEIC/AVIF image' };
  if (at('BM') && bytes.length >= 26 && bytes.readUInt32LE(2) === bytes.length) return { id: 'image/bmp', label: 'a BMP image' };
  if (at('PK\u0003\u0004') || at('PK\u0005\u0006')) return { id: 'application/zip', label: 'a ZIP archive (or an Office document)' };
  if (at('\u00d0\u00cf\u0011\u00e0')) return { id: 'application/x-ole-storage', label: 'an old-style Office document' };
  if (at('{\\rtf')) return { id: 'application/rtf', label: 'an RTF document' };
  if (at('MZ') || at('\u007fELF') || at('#!')) return { id: 'application/x-executable', label: 'a program or script' };

  const head = bytes.subarray(0, 4096).toString('latin1').replace(/^(\u00ef\u00bb\u00bf|\u00fe\u00ff|\u00ff\u00fe)/, '').replaceAll('\u0000', '').trimStart().toLowerCase();
  if (head.startsWith('<')) {
    if (head.includes('<svg')) return { id: 'image/svg+xml', label: 'an SVG image' };
    if (/<(html|head|body|script|!doctype\s+html)/.test(head)) return { id: 'text/html', label: 'an HTML page' };
    if (head.startsWith('<?xml')) return { id: 'application/xml', label: 'an XML document' };
    return { id: 'text/html', label: 'an HTML or XML document' };
  }
  return { id: 'application/octet-stream', label: 'of a type we do not recognise' };
}

// --- 5. polyglots ------------------------------------------------------------

/** Markup that makes a browser (or an HTML-sniffing tool) execute or render. */
const STRONG_MARKUP = /<(?:script|html|svg|iframe|frameset|object|embed|applet|body|head|style|link|meta|!doctype\s+html|\?php)(?=[\s/>])/i;

function checkPolyglot(kind: Kind, bytes: Buffer, text: string): void {
  const polyglot = (reason: string, what: string): never =>
    refuse('file_polyglot', `This file is refused: besides ${KIND_INFO[kind].label} it also contains ${what}, so it could be opened as something else. Save or export the document again as a plain ${KIND_INFO[kind].short} and upload that.`, { reason, detected: KIND_INFO[kind].mime });

  const markupWindow = kind === 'pdf' ? text.slice(0, PDF_MARKUP_WINDOW) : text;
  const markup = STRONG_MARKUP.exec(markupWindow);
  if (markup) polyglot('markup', `web page or script code (${markup[0].toLowerCase().replace(/\s+/g, ' ')}…)`);

  if (hasZipArchive(bytes, text)) polyglot('zip', 'a ZIP archive');

  const signatures = OTHER_SIGNATURES[kind];
  signatures.lastIndex = 1; // the file's own magic sits at 0
  const other = signatures.exec(text);
  if (other?.groups?.pdf) polyglot('pdf_signature', 'a PDF document');
  if (other?.groups?.png) polyglot('png_signature', kind === 'png' ? 'a second PNG image' : 'a PNG image');
  if (other?.groups?.gif) polyglot('gif_signature', 'a GIF image');
}

/** Other formats' magic found inside a file: one regex pass per kind. */
/* eslint-disable no-control-regex -- binary signatures */
const OTHER_SIGNATURES: Record<Kind, RegExp> = {
  jpeg: /(?<pdf>%PDF-)|(?<png>\x89PNG\r\n\x1a\n)|(?<gif>GIF8[79]a)/g,
  png: /(?<pdf>%PDF-)|(?<png>\x89PNG\r\n\x1a\n)|(?<gif>GIF8[79]a)/g,
  pdf: /(?<png>\x89PNG\r\n\x1a\n)|(?<gif>GIF8[79]a)/g,
};
/* eslint-enable no-control-regex */

/**
 * A ZIP local file header whose fixed fields are plausible: version 1.0–6.3,
 * no unknown flag bits, a known compression method, a 1–1024 byte name. One
 * native regex pass, so a file stuffed with "PK\3\4" costs no more to scan.
 */
// eslint-disable-next-line no-control-regex
const ZIP_LOCAL_HEADER = /PK\x03\x04[\x0a-\x3f]\x00[\x00-\x0f\x40-\x4f][\x00\x08][\x00\x08\x09\x0c\x0e\x5d\x5f\x62]\x00[\s\S]{16}(?:[\x01-\xff][\x00-\x03]|\x00[\x01-\x04])/;

/**
 * A ZIP (JAR, DOCX, APK…) is found by unzip and by java from its
 * end-of-central-directory record at the end of the file; a local file
 * header elsewhere counts only if its fixed fields are plausible, so four
 * random bytes in compressed image data do not trip it.
 */
function hasZipArchive(bytes: Buffer, text: string): boolean {
  const tailStart = Math.max(0, bytes.length - (0xffff + 22));
  let eocd = bytes.length < 22 ? -1 : bytes.lastIndexOf('PK\u0005\u0006', bytes.length - 22, 'latin1');
  while (eocd >= tailStart && eocd !== -1) {
    const commentLength = bytes.readUInt16LE(eocd + 20);
    const entriesOnDisk = bytes.readUInt16LE(eocd + 8);
    const entriesTotal = bytes.readUInt16LE(eocd + 10);
    const cdSize = bytes.readUInt32LE(eocd + 12);
    const cdOffset = bytes.readUInt32LE(eocd + 16);
    if (eocd + 22 + commentLength <= bytes.length && entriesOnDisk <= entriesTotal && (cdSize === 0xffffffff || cdSize <= eocd) && (cdOffset === 0xffffffff || cdOffset <= eocd)) return true;
    eocd = eocd === 0 ? -1 : bytes.lastIndexOf('PK\u0005\u0006', eocd - 1, 'latin1');
  }

  return ZIP_LOCAL_HEADER.test(text);
}

// --- 6. active PDF content ------------------------------------------------------

/**
 * PDF names whose presence means the document can run code, launch programs
 * or carry files. They are searched everywhere, stream data included (an
 * xref entry may point into a stream's bytes), except `/JS`: three bytes plus
 * a delimiter turn up by chance in a few percent of large compressed files,
 * so it is searched only in the object syntax between streams and inside
 * object streams. A JavaScript action also needs `/S /JavaScript`, which is
 * searched everywhere.
 */
const ACTIVE_PDF_NAMES = ['JavaScript', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia', 'XFA', 'GoToE', 'ImportData'];

/** `/Name` where each character may also be written as `#xx`, ending at a PDF delimiter. */
function pdfNamePattern(names: readonly string[], flags = 'g'): RegExp {
  const alternatives = names.map((name) =>
    [...name].map((ch) => {
      const hex = ch.charCodeAt(0).toString(16).padStart(2, '0');
      return `(?:${ch}|#${hex[0]}${caseBoth(hex[1] ?? '')})`;
    }).join(''),
  );
  return new RegExp(`/(?:${alternatives.join('|')})(?=[\\s/<>\\[\\](){}%]|$)`, flags);
}

function caseBoth(hexDigit: string): string {
  return /[a-f]/.test(hexDigit) ? `[${hexDigit}${hexDigit.toUpperCase()}]` : hexDigit;
}

const ACTIVE_NAME = pdfNamePattern(ACTIVE_PDF_NAMES, '');
const ACTIVE_NAME_IN_OBJECTS = pdfNamePattern([...ACTIVE_PDF_NAMES, 'JS'], '');
const OBJECT_STREAM_NAME = pdfNamePattern(['ObjStm'], '');
const ENCRYPT_NAME = pdfNamePattern(['Encrypt'], '');
const FILTER_VALUE = new RegExp(`${pdfNamePattern(['Filter'], '').source}\\s*(\\[[^\\]]*\\]|/[^\\s/<>\\[\\](){}%]*)`);
const DECODE_PARAMS_NAME = pdfNamePattern(['DecodeParms', 'DP'], '');
const PDF_NAME_TOKEN = /\/[^\s/<>[\](){}%]*/g;

/** How an object stream is encoded: raw, plain Flate (the norm), or something we do not decode. */
function objectStreamEncoding(dictionary: string): 'raw' | 'flate' | 'unsupported' {
  const filter = FILTER_VALUE.exec(dictionary);
  if (!filter) return 'raw';
  const filters = (filter[1]?.match(PDF_NAME_TOKEN) ?? []).map(decodePdfName);
  const flateOnly = filters.length === 1 && (filters[0] === '/FlateDecode' || filters[0] === '/Fl');
  return flateOnly && !DECODE_PARAMS_NAME.test(dictionary) ? 'flate' : 'unsupported';
}

/** A `stream` keyword (not the end of `endstream`) and its end-of-line. */
const STREAM_KEYWORD = /(?<!end)stream(?:\r\n|\n|\r)/g;
const DICTIONARY_WINDOW = 4096;

function checkPdfActiveContent(bytes: Buffer, text: string): void {
  const active = (name: string, where: string): never =>
    refuse('file_active_content', 'This PDF contains active content (scripts, embedded files or launch actions), which we do not accept. Print or export it to a new, plain PDF and upload that.', {
      reason: 'active_content',
      name: decodePdfName(name),
      where,
    });

  // One pass over the file: walk the streams in order; the text between them
  // is object syntax (all names, /JS included), stream data is searched for
  // the long names only. Object streams (PDF 1.5+) hold objects compressed,
  // so they are inflated (bounded) and read as object syntax too. Each
  // dictionary window starts after the previous stream, so the walk stays
  // linear in the file size.
  let encrypted: boolean | undefined;
  let budget = MAX_INFLATED_OBJECT_STREAM_BYTES;
  let objectStreams = 0;
  let streams = 0;
  let cursor = 0;
  for (;;) {
    STREAM_KEYWORD.lastIndex = cursor;
    const keyword = STREAM_KEYWORD.exec(text);
    const objectSyntax = text.slice(cursor, keyword === null ? text.length : keyword.index + keyword[0].length);
    const inObjects = ACTIVE_NAME_IN_OBJECTS.exec(objectSyntax);
    if (inObjects) active(inObjects[0], 'document');
    if (keyword === null) break;
    if (++streams > MAX_PDF_STREAMS) unreadablePdf('too_many_streams');

    const window = text.slice(Math.max(cursor, keyword.index - DICTIONARY_WINDOW), keyword.index);
    const dictionary = window.slice(window.lastIndexOf('obj') + 1);
    const start = keyword.index + keyword[0].length;
    const endKeyword = text.indexOf('endstream', start);
    const end = endKeyword === -1 ? text.length : endKeyword;
    cursor = end;
    const inData = ACTIVE_NAME.exec(text.slice(start, end));
    if (inData) active(inData[0], 'stream');

    if (!OBJECT_STREAM_NAME.test(dictionary)) continue;
    if (++objectStreams > MAX_OBJECT_STREAMS) unreadablePdf('too_many_object_streams');
    const encoding = objectStreamEncoding(dictionary);
    let objects: string;
    if (encoding === 'raw') {
      objects = text.slice(start, end);
    } else {
      // Encrypted object streams cannot be read without the key (documented limit).
      encrypted ??= ENCRYPT_NAME.test(text);
      if (encrypted) continue;
      if (encoding === 'unsupported') unreadablePdf('object_stream_unsupported_encoding');
      let inflated: Buffer;
      try {
        // Deflate data ends itself: inflate from the stream start, not up to
        // the first "endstream", which the compressed bytes may contain.
        inflated = inflateSync(bytes.subarray(start), { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: budget });
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') unreadablePdf('object_streams_too_large');
        unreadablePdf('object_stream_corrupt');
      }
      budget -= inflated.length;
      if (budget <= 0) unreadablePdf('object_streams_too_large');
      objects = inflated.toString('latin1');
    }
    const hidden = ACTIVE_NAME_IN_OBJECTS.exec(objects);
    if (hidden) active(hidden[0], 'object_stream');
  }
}

function unreadablePdf(reason: string): never {
  refuse('file_unreadable', 'We could not read this PDF: it is damaged or unusually built. Export or save it as PDF again and re-upload it.', { reason, detected: 'application/pdf' });
}

function decodePdfName(name: string): string {
  return name.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// --- 7. structure ---------------------------------------------------------------

function checkStructure(kind: Kind, bytes: Buffer): void {
  if (kind === 'jpeg') checkJpeg(bytes);
  else if (kind === 'png') checkPng(bytes);
  else checkPdf(bytes);
}

function unreadable(kind: Kind, reason: string, why: string): never {
  refuse('file_unreadable', `We could not read this ${KIND_INFO[kind].short} file: ${why}. Save or export it again and re-upload it.`, { reason, detected: KIND_INFO[kind].mime });
}

function endWithoutZeroPadding(bytes: Buffer): number {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return end;
}

function isJpegFrameMarker(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function checkJpeg(bytes: Buffer): void {
  const end = endWithoutZeroPadding(bytes);
  const endsWithEoi = end >= 4 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;

  // Walk the header segments up to the first scan.
  let pos = 2;
  let frame = false;
  for (let segments = 0; ; segments++) {
    if (segments > MAX_JPEG_HEADER_SEGMENTS) unreadable('jpeg', 'jpeg_corrupt_header', 'the image header is damaged');
    if (pos >= end) unreadable('jpeg', 'jpeg_truncated', 'the image is incomplete (it was cut off)');
    if (bytes[pos] !== 0xff) unreadable('jpeg', 'jpeg_corrupt_header', 'the image header is damaged');
    while (pos < end && bytes[pos] === 0xff) pos++;
    const marker = bytes[pos];
    pos++;
    if (marker === undefined || pos > end) unreadable('jpeg', 'jpeg_truncated', 'the image is incomplete (it was cut off)');
    if (marker === 0x01) continue;
    if (marker === 0xd9) unreadable('jpeg', 'jpeg_no_image', 'it contains no image data');
    if (marker === 0x00 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) unreadable('jpeg', 'jpeg_corrupt_header', 'the image header is damaged');
    if (pos + 2 > end) unreadable('jpeg', 'jpeg_truncated', 'the image is incomplete (it was cut off)');
    const length = bytes.readUInt16BE(pos);
    if (length < 2) unreadable('jpeg', 'jpeg_corrupt_header', 'the image header is damaged');
    if (pos + length > end) unreadable('jpeg', 'jpeg_truncated', 'the image is incomplete (it was cut off)');
    if (isJpegFrameMarker(marker)) {
      if (length < 8) unreadable('jpeg', 'jpeg_corrupt_header', 'the image header is damaged');
      const width = bytes.readUInt16BE(pos + 5);
      const components = bytes[pos + 7] ?? 0;
      if (width === 0 || components === 0) unreadable('jpeg', 'jpeg_corrupt_header', 'the image has no size');
      frame = true;
    }
    if (marker === 0xda) {
      if (!frame) unreadable('jpeg', 'jpeg_corrupt_header', 'the image header is damaged');
      if (pos + length >= end - 2) unreadable('jpeg', 'jpeg_truncated', 'the image is incomplete (it was cut off)');
      break;
    }
    pos += length;
  }

  if (!endsWithEoi) {
    const eoi = bytes.lastIndexOf(Buffer.from([0xff, 0xd9]));
    if (eoi > pos) unreadable('jpeg', 'trailing_data', 'it has unexpected data after the end of the image');
    unreadable('jpeg', 'jpeg_truncated', 'the image is incomplete (it was cut off)');
  }
}

const PNG_COLOUR_DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

const PNG_IHDR = 0x49484452;
const PNG_IDAT = 0x49444154;
const PNG_IEND = 0x49454e44;

function isAsciiLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

function checkPng(bytes: Buffer): void {
  const truncated = (): never => unreadable('png', 'png_truncated', 'the image is incomplete (it was cut off)');
  const corrupt = (reason: string, why = 'the image data is damaged'): never => unreadable('png', reason, why);

  let pos = PNG_SIGNATURE.length;
  let sawData = false;
  for (let index = 0; ; index++) {
    if (index > MAX_PNG_CHUNKS) corrupt('png_too_many_chunks');
    if (pos + 12 > bytes.length) truncated();
    const length = bytes.readUInt32BE(pos);
    if (length > 0x7fffffff) corrupt('png_corrupt_chunk');
    const type = bytes.readUInt32BE(pos + 4);
    for (let i = 4; i < 8; i++) if (!isAsciiLetter(bytes[pos + i] ?? 0)) corrupt('png_corrupt_chunk');
    if (pos + 12 + length > bytes.length) truncated();
    const storedCrc = bytes.readUInt32BE(pos + 8 + length);
    if (crc32(bytes.subarray(pos + 4, pos + 8 + length)) !== storedCrc) corrupt(index === 0 ? 'png_ihdr_crc' : 'png_crc', 'the image data is damaged (checksum error)');

    if (index === 0) {
      if (type !== PNG_IHDR || length !== 13) corrupt('png_no_ihdr', 'the image header is missing');
      const width = bytes.readUInt32BE(pos + 8);
      const height = bytes.readUInt32BE(pos + 12);
      const depth = bytes[pos + 16] ?? -1;
      const colour = bytes[pos + 17] ?? -1;
      const valid =
        width > 0 && height > 0 && width <= 0x7fffffff && height <= 0x7fffffff &&
        (PNG_COLOUR_DEPTHS[colour]?.includes(depth) ?? false) &&
        bytes[pos + 18] === 0 && bytes[pos + 19] === 0 && (bytes[pos + 20] === 0 || bytes[pos + 20] === 1);
      if (!valid) corrupt('png_bad_ihdr', 'the image header is damaged');
    } else if (type === PNG_IHDR) {
      corrupt('png_corrupt_chunk');
    }
    if (type === PNG_IDAT) sawData = true;
    pos += 12 + length;
    if (type === PNG_IEND) {
      if (length !== 0) corrupt('png_corrupt_chunk');
      if (!sawData) corrupt('png_no_image', 'it contains no image data');
      if (endWithoutZeroPadding(bytes) > pos) unreadable('png', 'trailing_data', 'it has unexpected data after the end of the image');
      return;
    }
  }
}

function checkPdf(bytes: Buffer): void {
  if (!/^%PDF-(?:1\.\d|2\.0)/.test(bytes.toString('latin1', 0, 8))) {
    unreadable('pdf', 'pdf_bad_header', 'its header is not a known PDF version');
  }
  const eof = bytes.lastIndexOf('%%EOF', bytes.length, 'latin1');
  if (eof === -1 || eof < bytes.length - PDF_EOF_WINDOW - 5) {
    unreadable('pdf', 'pdf_no_eof', 'the document is incomplete (it was cut off)');
  }
}

// --- 8. labels ----------------------------------------------------------------

function checkLabels(kind: Kind, fileName: string, declaredMimeType: string | null): void {
  const info = KIND_INFO[kind];
  if (declaredMimeType !== null) {
    const declared = declaredMimeType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!UNINFORMATIVE_MIME.has(declared) && MIME_ALIASES[declared] !== kind) {
      const said = /^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/.test(declared) ? declared : 'another type';
      refuse('file_type_mismatch', `This file is mislabelled: it was sent as ${said}, but its content is ${info.label}. Upload the original file, or re-save it as ${info.short}.`, {
        reason: 'declared_mime_type',
        declared: said,
        detected: info.mime,
      });
    }
  }

  const ext = extensionOf(fileName);
  if (ext !== null && !KIND_EXTENSIONS[kind].includes(ext)) {
    const otherKind = (Object.keys(KIND_EXTENSIONS) as Kind[]).some((k) => KIND_EXTENSIONS[k].includes(ext));
    if (otherKind || OTHER_FORMAT_EXTENSIONS.has(ext)) {
      refuse('file_type_mismatch', `This file is mislabelled: its name ends in .${ext}, but its content is ${info.label}. Rename it to end in .${info.extension}, or upload the right file.`, {
        reason: 'extension',
        extension: ext,
        detected: info.mime,
      });
    }
  }
}
