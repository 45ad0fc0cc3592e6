import { Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface AuthLayoutProps {
  brand: string;
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
}

/** Centred card for the log-in, registration and similar pages of both faces. */
export function AuthLayout({ brand, title, subtitle, children }: AuthLayoutProps) {
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
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
