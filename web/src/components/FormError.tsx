import { Alert, List } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { ApiError } from '../api/client';

interface FormErrorProps {
  error: ApiError | null;
  /** Fields the form shows errors next to; other field errors are listed in the alert. */
  fields?: readonly string[];
  /** Turns the error into the text shown (e.g. translated by code). Defaults to the server message. */
  describe?: (error: ApiError) => string;
  title?: string;
}

/**
 * The non-field part of an API error, in an Alert. Field errors
 * (`details.fields`) belong next to their inputs; when all of them are shown
 * there, nothing is rendered here.
 */
export function FormError({ error, fields = [], describe, title }: FormErrorProps) {
  if (!error) return null;
  const fieldErrors = Object.entries(error.fields);
  const unplaced = fieldErrors.filter(([name]) => !fields.includes(name));
  if (fieldErrors.length > 0 && unplaced.length === 0) return null;

  return (
    <Alert
      data-testid="form-error"
      color="red"
      variant="light"
      title={title}
      icon={<IconAlertCircle size={18} />}
    >
      {describe ? describe(error) : error.message}
      {unplaced.length > 0 && (
        <List size="sm" mt="xs">
          {unplaced.map(([name, message]) => (
            <List.Item key={name}>
              {name}: {message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
