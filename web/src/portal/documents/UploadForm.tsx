import { Alert, Button, FileInput, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle, IconPaperclip, IconUpload } from '@tabler/icons-react';
import { useState, type ComponentProps, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import { portalApi } from '../../api/portal';
import type { ClientDocument, DocumentTypeInfo } from '../../api/types';
import { useSubmit } from '../../hooks/useSubmit';
import { t, tOptional } from '../../i18n';
import { formatBytes } from '../../lib/format';

const MIME_LABELS: Record<string, { label: string; extensions: string[] }> = {
  'image/jpeg': { label: 'JPEG', extensions: ['.jpg', '.jpeg'] },
  'image/png': { label: 'PNG', extensions: ['.png'] },
  'application/pdf': { label: 'PDF', extensions: ['.pdf'] },
};

const FIELDS = ['documentType', 'issueDate', 'expiryDate', 'file'] as const;
type Field = (typeof FIELDS)[number];
type Checked = Partial<Record<Field, string>>;

interface UploadFormProps {
  types: DocumentTypeInfo[];
  /** The type to preselect (e.g. the one compliance asked for). */
  preferredType?: string;
  disabled: boolean;
  onUploaded: (doc: ClientDocument) => void;
  testId?: string;
}

/** Uploads one document of a requirement: the type, the dates it needs, the file (multipart/form-data). */
export function UploadForm({ types, preferredType, disabled, onUploaded, testId }: UploadFormProps) {
  const [typeId, setTypeId] = useState(() => (types.some((type) => type.id === preferredType) ? preferredType! : types[0]?.id ?? ''));
  const [issueDate, setIssueDate] = useState('');
  const [expiryDate, setExpiryDate] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<Checked>({});
  const upload = useSubmit(portalApi.uploadDocument);
  const type = types.find((candidate) => candidate.id === typeId);
  const today = new Date().toISOString().slice(0, 10);

  const accepted = (type?.acceptedMimeTypes ?? Object.keys(MIME_LABELS)).filter((mime) => MIME_LABELS[mime]);
  const accept = accepted.flatMap((mime) => [mime, ...(MIME_LABELS[mime]?.extensions ?? [])]).join(',');
  const hint = t('documents.file.hint', {
    types: accepted.map((mime) => MIME_LABELS[mime]!.label).join(', '),
    size: formatBytes(type?.maxBytes ?? 10 * 1024 * 1024),
  });
  const errors: Checked = { ...upload.fieldErrors, ...checked };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!type) return;
    const problems: Checked = {};
    if (!file) problems.file = t('documents.file.required');
    else if (file.size > type.maxBytes) problems.file = t('documents.file.tooLarge', { size: formatBytes(type.maxBytes) });
    if (type.issueDateRequired && !issueDate) problems.issueDate = t('documents.date.required');
    if (type.expiryRequired && !expiryDate) problems.expiryDate = t('documents.date.required');
    setChecked(problems);
    if (Object.keys(problems).length > 0 || !file) return;
    const result = await upload.run({
      documentType: type.id,
      issueDate: type.issueDateRequired ? issueDate : undefined,
      expiryDate: type.expiryRequired ? expiryDate : undefined,
      file,
    });
    if (!result.ok) return;
    setFile(null);
    setIssueDate('');
    setExpiryDate('');
    onUploaded(result.value.document);
  }

  const clear = (field: Field) => setChecked(({ [field]: _fixed, ...rest }) => rest);
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid={testId ?? 'upload-form'} data-types={types.map((x) => x.id).join('|')}>
      <Stack gap="sm">
        <UploadError error={upload.error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {types.length > 1 && (
            <Select
              label={t('documents.type')}
              data={types.map((x) => ({ value: x.id, label: x.name }))}
              value={typeId}
              onChange={(value) => {
                setTypeId(value ?? types[0]!.id);
                clear('documentType');
              }}
              allowDeselect={false}
              disabled={disabled}
              error={errors.documentType}
              data-testid="upload-type"
            />
          )}
          {type?.issueDateRequired && (
            <TextInput
              label={t('documents.issueDate')}
              description={type.maxAgeDays ? t('documents.issueDate.maxAge', { days: type.maxAgeDays }) : undefined}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              type="date"
              max={today}
              value={issueDate}
              onChange={(e) => {
                setIssueDate(e.currentTarget.value);
                clear('issueDate');
              }}
              disabled={disabled}
              error={errors.issueDate}
              data-testid="upload-issue-date"
            />
          )}
          {type?.expiryRequired && (
            <TextInput
              label={t('documents.expiryDate')}
              type="date"
              min={today}
              value={expiryDate}
              onChange={(e) => {
                setExpiryDate(e.currentTarget.value);
                clear('expiryDate');
              }}
              disabled={disabled}
              error={errors.expiryDate}
              data-testid="upload-expiry-date"
            />
          )}
          <FileInput
            label={t('documents.file')}
            description={hint}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            placeholder={t('documents.file.placeholder')}
            leftSection={<IconPaperclip size={16} />}
            accept={accept}
            clearable
            value={file}
            onChange={(value) => {
              setFile(value);
              clear('file');
              upload.setError(null);
            }}
            disabled={disabled}
            error={errors.file}
            fileInputProps={{ 'data-testid': 'upload-file' } as ComponentProps<'input'>}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" leftSection={<IconUpload size={16} />} loading={upload.loading} disabled={disabled} data-testid="upload-submit">
            {t('documents.upload')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A refused file in plain words: a headline by code, then the server's precise reason. */
function UploadError({ error }: { error: ApiError | null }) {
  if (!error) return null;
  // Date and field problems are shown next to their inputs.
  const placed = Object.keys(error.fields).length > 0 && Object.keys(error.fields).every((name) => FIELDS.includes(name as Field));
  if (placed) return null;
  const title = tOptional(`uploadError.${error.code}`) ?? t('uploadError.default');
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title={title} data-testid="upload-error" data-code={error.code}>
      {error.message}
    </Alert>
  );
}
