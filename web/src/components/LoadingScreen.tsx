import { Center, Loader } from '@mantine/core';

export function LoadingScreen({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center mih="60vh" aria-busy="true">
      <Loader aria-label={label} />
    </Center>
  );
}
