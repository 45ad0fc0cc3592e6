import { Badge, Card, Table, Text, Title } from '@mantine/core';
import type { DocumentAt } from '../../api/point-in-time';
import { formatDate, formatDateTime, humanize, statusColor } from '../../lib/format';
import { DOCUMENT_STATUS_LABELS, label } from '../kyc/labels';

/** Latest version of each type first, like the client's own documents page. */
function ordered(documents: readonly DocumentAt[]): DocumentAt[] {
  return [...documents].sort((a, b) => (a.documentType ?? '').localeCompare(b.documentType ?? '') || (b.version ?? 0) - (a.version ?? 0));
}

/** Every document version on file then, with the status it had. */
export function AsOfDocuments({ documents }: { documents: readonly DocumentAt[] }) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid="as-of-documents">
      <Title order={2} size="h4" mb="sm">
        Documents on file
      </Title>
      {documents.length === 0 ? (
        <Text c="dimmed" size="sm">
          No documents yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={6} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Type</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Issued · expires</Table.Th>
                <Table.Th>File</Table.Th>
                <Table.Th>Uploaded</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ordered(documents).map((doc) => (
                <Table.Tr key={doc.id} data-testid="as-of-document" data-type={doc.documentType ?? ''} data-status={doc.status}>
                  <Table.Td>{humanize(doc.documentType ?? 'unknown')}</Table.Td>
                  <Table.Td>{doc.version ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={statusColor(doc.status)}>
                      {label(DOCUMENT_STATUS_LABELS, doc.status)}
                    </Badge>
                    {doc.rejectionReason && (
                      <Text size="xs" c="dimmed" mt={2}>
                        {humanize(doc.rejectionReason)}
                        {doc.clientMessage ? `: “${doc.clientMessage}”` : ''}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{`${formatDate(doc.issueDate)} · ${formatDate(doc.expiryDate)}`}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{doc.fileName ?? <Text span c="dimmed" fs="italic" size="sm">Not recorded</Text>}</Table.Td>
                  <Table.Td>{formatDateTime(doc.uploadedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
