import { Button, Group, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { fromLocalInput, toLocalInput } from './as-of-time';

/** The moment to look at: a plain `datetime-local` input (to the second, in the browser's time zone) and "Show". */
export function AsOfPicker({ at, onPick }: { at: string; onPick: (iso: string) => void }) {
  const [value, setValue] = useState(() => toLocalInput(at));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setValue(toLocalInput(at)), [at]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const iso = fromLocalInput(value);
    if (!iso) {
      setProblem('Choose a date and a time.');
      return;
    }
    setProblem(null);
    onPick(iso);
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          type="datetime-local"
          label="Record as of"
          description="Your local time; the record includes every event up to the end of that second."
          value={value}
          max={toLocalInput(new Date().toISOString())}
          step={1}
          onChange={(event) => setValue(event.currentTarget.value)}
          error={problem}
          w={{ base: '100%', xs: 280 }}
          data-testid="as-of-input"
        />
        <Button type="submit" data-testid="as-of-show">
          Show
        </Button>
        <Button variant="default" onClick={() => onPick(new Date().toISOString())}>
          Now
        </Button>
      </Group>
    </form>
  );
}
