/**
 * Sends a stored document so a browser can preview it but never run it: the
 * type is the one we detected from the content (only JPEG, PNG or PDF can be
 * stored), sniffing is off, and a strict CSP forbids any script.
 */
import type { FastifyReply } from 'fastify';
import type { DocumentFile } from '../usecases/onboarding/read-document-file';

export function sendDocumentFile(reply: FastifyReply, file: DocumentFile, disposition: 'inline' | 'attachment' = 'inline') {
  // Framable by our own pages only (the back office previews documents in a frame).
  const csp =
    file.mimeType === 'application/pdf'
      ? "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
      : "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";
  return reply
    .header('content-type', file.mimeType)
    .header('content-disposition', `${disposition}; filename="${file.fileName.replace(/[^A-Za-z0-9 ._-]/g, '_')}"`)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'SAMEORIGIN')
    .header('content-security-policy', csp)
    .header('cache-control', 'private, no-store')
    .header('cross-origin-resource-policy', 'same-origin')
    .send(file.bytes);
}
