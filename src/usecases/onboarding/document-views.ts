import type { DocumentRow } from '../../persistence/tables/onboarding-tables';

/** What the client sees of a document: never the reviewer's identity or internal notes. */
export function documentView(doc: DocumentRow) {
  return {
    id: doc.id,
    documentType: doc.document_type,
    version: doc.version,
    status: doc.status,
    fileName: doc.file_name,
    mimeType: doc.mime_type,
    sizeBytes: Number(doc.size_bytes),
    issueDate: doc.issue_date,
    expiryDate: doc.expiry_date,
    uploadedAt: doc.uploaded_at,
    clientMessage: doc.client_message,
  };
}
