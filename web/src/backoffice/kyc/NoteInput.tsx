import { Textarea } from '@mantine/core';

/** The mandatory (or optional) reviewer's note: internal, recorded in the audit trail, never shown to the client. */
export function NoteInput({ value, onChange, error, required = true, label = 'Internal note', testId = 'action-note' }: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  required?: boolean;
  label?: string;
  testId?: string;
}) {
  return (
    <Textarea
      label={label}
      description={required ? 'Required. Recorded in the audit trail; never shown to the client.' : 'Optional. Recorded in the audit trail.'}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      withAsterisk={required}
      autosize
      minRows={2}
      maxRows={6}
      maxLength={5000}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      data-testid={testId}
    />
  );
}
