/** Sends a CSV export: streamed line by line (bounded memory), as a download that no browser runs or caches. */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

export interface CsvExport {
  /** Our own name: letters, digits, dots, dashes (never client input). */
  fileName: string;
  lines: AsyncIterable<string>;
}

export function sendCsv(reply: FastifyReply, csv: CsvExport) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${csv.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(Readable.from(csv.lines));
}
