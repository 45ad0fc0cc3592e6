import { AppShell, Button, Container, Group, Text } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { t } from '../i18n';

interface PortalLayoutProps {
  email: string;
  onLogout: () => void;
  loggingOut: boolean;
  children: ReactNode;
}

/** Shell of the logged-in portal: a header with the brand, the client's email and log out. */
export function PortalLayout({ email, onLogout, loggingOut, children }: PortalLayoutProps) {
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Container size="lg" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Text fw={700} size="lg" c="indigo">
              {t('app.name')}
            </Text>
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" c="dimmed" visibleFrom="xs" data-testid="client-email">
                {email}
              </Text>
              <Button
                variant="subtle"
                size="sm"
                leftSection={<IconLogout size={16} />}
                onClick={onLogout}
                loading={loggingOut}
                data-testid="logout"
              >
                {t('nav.logout')}
              </Button>
            </Group>
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Main>
        <Container size="lg">{children}</Container>
      </AppShell.Main>
    </AppShell>
  );
}
