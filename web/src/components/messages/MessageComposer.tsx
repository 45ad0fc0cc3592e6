import { Alert, Button, FileInput, Group, Select, SimpleGrid, Stack, Textarea } from '@mantine/core';
import { IconAlertCircle, IconPaperclip, IconSend } from '@tabler/icons-react';
import { useState, type ComponentProps, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { AttachmentRules, LinkableCase, MessageCaseRef, SendMessageInput } from '../../api/message-types';
import { useSubmit } from '../../hooks/useSubmit';
import { formatBytes } from '../../lib/format';

export const MESSAGE_BODY_MAX = 5000;

const MIME_EXTENSIONS: Record<string, string[]> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'application/pdf': ['.pdf'],
};

export interface ComposerLabels {
  body: string;
  placeholder: string;
  files: string;
  filesPlaceholder: string;
  /** With {types}, {size} and {count}. */
  filesHint: (rules: AttachmentRules) => string;
  tooMany: (max: number) => string;
  tooLarge: (name: string, size: string) => string;
  bodyRequired: string;
  case: string;
  caseNone: string;
  send: string;
  sent: string;
  error: (error: ApiError) => string;
}

interface MessageComposerProps {
  cases: LinkableCase[];
  caseLabel: (c: LinkableCase) => string;
  rules: AttachmentRules | null;
  labels: ComposerLabels;
  send: (input: SendMessageInput) => Promise<unknown>;
  onSent: () => void;
}

const caseKey = (ref: MessageCaseRef) => `${ref.type}:${ref.id}`;

/** Writes one message: the text, optionally the case it is about, up to the allowed number of files (checked again on the server). */
export function MessageComposer({ cases, caseLabel, rules, labels, send, onSent }: MessageComposerProps) {
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [caseValue, setCaseValue] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ body?: string; files?: string }>({});
  const [sent, setSent] = useState(false);
  const submit = useSubmit(send);
  const accept = (rules?.acceptedMimeTypes ?? Object.keys(MIME_EXTENSIONS)).flatMap((mime) => [mime, ...(MIME_EXTENSIONS[mime] ?? [])]).join(',');

  function checkFiles(list: File[]): string | undefined {
    if (!rules) return undefined;
    if (list.length > rules.maxFiles) return labels.tooMany(rules.maxFiles);
    const big = list.find((file) => file.size > rules.maxBytes);
    return big ? labels.tooLarge(big.name, formatBytes(rules.maxBytes)) : undefined;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(false);
    const found = { body: body.trim() ? undefined : labels.bodyRequired, files: checkFiles(files) };
    setProblem(found);
    if (found.body || found.files) return;
    const chosen = cases.find((c) => caseKey(c) === caseValue);
    const result = await submit.run({ body, case: chosen ? { type: chosen.type, id: chosen.id } : null, files });
    if (!result.ok) return;
    setBody('');
    setFiles([]);
    setCaseValue(null);
    setSent(true);
    onSent();
  }

  const fieldErrors = submit.fieldErrors;
  const generalError = submit.error && !fieldErrors.body ? labels.error(submit.error) : null;
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="message-composer">
      <Stack gap="sm">
        {generalError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="message-error" data-code={submit.error?.code}>
            {generalError}
          </Alert>
        )}
        <Textarea
          label={labels.body}
          placeholder={labels.placeholder}
          autosize
          minRows={3}
          maxRows={10}
          maxLength={MESSAGE_BODY_MAX}
          value={body}
          onChange={(e) => {
            setBody(e.currentTarget.value);
            setProblem((p) => ({ ...p, body: undefined }));
            setSent(false);
          }}
          error={problem.body ?? fieldErrors.body}
          data-testid="message-body-input"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <FileInput
            label={labels.files}
            description={rules ? labels.filesHint(rules) : undefined}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            placeholder={labels.filesPlaceholder}
            leftSection={<IconPaperclip size={16} />}
            multiple
            clearable
            accept={accept}
            value={files}
            onChange={(value) => {
              setFiles(value);
              setProblem((p) => ({ ...p, files: checkFiles(value) }));
              submit.setError(null);
            }}
            error={problem.files}
            fileInputProps={{ 'data-testid': 'message-files' } as ComponentProps<'input'>}
          />
          {cases.length > 0 && (
            <Select
              label={labels.case}
              placeholder={labels.caseNone}
              clearable
              data={cases.map((c) => ({ value: caseKey(c), label: caseLabel(c) }))}
              value={caseValue}
              onChange={setCaseValue}
              comboboxProps={{ withinPortal: true }}
              data-testid="message-case-select"
            />
          )}
        </SimpleGrid>
        <Group justify="space-between">
          <Button type="submit" leftSection={<IconSend size={16} />} loading={submit.loading} data-testid="message-send">
            {labels.send}
          </Button>
          {sent && (
            <Alert color="green" variant="transparent" p={0} data-testid="message-sent">
              {labels.sent}
            </Alert>
          )}
        </Group>
      </Stack>
    </form>
  );
}
