import { Button } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { staffMay } from '../roles';
import { useStaffSession } from '../session';

/**
 * A CSV download (a plain link: the browser sends the session cookie; the server streams the file as an attachment).
 * Shown only to roles with operations.export; the server also checks the permission to see the records.
 */
export function ExportCsvButton({ href, label = 'Export CSV', testId = 'export-csv' }: { href: string; label?: string; testId?: string }) {
  const { staff } = useStaffSession();
  if (!staffMay(staff.roles, 'operations.export')) return null;
  return (
    <Button component="a" href={href} download variant="default" size="xs" leftSection={<IconDownload size={14} />} data-testid={testId}>
      {label}
    </Button>
  );
}
