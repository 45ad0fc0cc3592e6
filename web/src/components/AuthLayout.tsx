import { Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { LanguageSwitcher } from './LanguageSwitcher';

interface AuthLayoutProps {
  brand: string;
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
}

/** Centred card for the log-in, registration and similar pages of both faces. */
export function AuthLayout({ brand, title, subtitle, children }: AuthLayoutProps) {
  // The portal's pages offer the language before login (kept in this browser); the back office is in English.
  const portal = !useLocation().pathname.startsWith('/backoffice');
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)" pos="relative">
      {portal && (
        <Box pos="absolute" top="var(--mantine-spacing-sm)" style={{ insetInlineEnd: 'var(--mantine-spacing-sm)' }}>
          <LanguageSwitcher withLabel />
        </Box>
      )}
      <Box w="100%" maw={460}>
        <Text ta="center" fw={700} size="lg" c="indigo" mb="sm">
          {brand}
        </Text>
        <Paper withBorder shadow="sm" radius="md" p="xl">
          <Stack gap="md">
            <div>
              <Title order={2} size="h3">
                {title}
              </Title>
              {subtitle && (
                <Text c="dimmed" size="sm" mt={4}>
                  {subtitle}
                </Text>
              )}
            </div>
            {children}
          </Stack>
        </Paper>
      </Box>
    </Center>
  );
}
