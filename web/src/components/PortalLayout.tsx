import { AppShell, Button, Container, Group, Text } from '@mantine/core';
import { IconChartCandle, IconFileText, IconHome, IconLogout, IconUserCircle, IconWallet } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { t, type MessageKey } from '../i18n';

interface PortalLayoutProps {
  email: string;
  onLogout: () => void;
  loggingOut: boolean;
  children: ReactNode;
}

const NAV: { to: string; label: MessageKey; icon: ReactNode; testId: string }[] = [
  { to: '/', label: 'nav.dashboard', icon: <IconHome size={16} />, testId: 'nav-dashboard' },
  { to: '/funds', label: 'nav.funds', icon: <IconWallet size={16} />, testId: 'nav-funds' },
  { to: '/trading', label: 'nav.trading', icon: <IconChartCandle size={16} />, testId: 'nav-trading' },
  { to: '/profile', label: 'nav.profile', icon: <IconUserCircle size={16} />, testId: 'nav-profile' },
  { to: '/documents', label: 'nav.documents', icon: <IconFileText size={16} />, testId: 'nav-documents' },
];

/** Shell of the logged-in portal: brand, navigation (Dashboard, Funds, Trading, Profile, Documents), the client's email and log out. */
export function PortalLayout({ email, onLogout, loggingOut, children }: PortalLayoutProps) {
  const { pathname } = useLocation();
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Container size="lg" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="lg" wrap="nowrap">
              <Text fw={700} size="lg" c="indigo" visibleFrom="sm">
                {t('app.name')}
              </Text>
              <Group component="nav" gap={4} wrap="nowrap" aria-label={t('app.name')}>
                {NAV.map((item) => {
                  const active = item.to === '/' ? pathname === '/' : pathname.startsWith(item.to);
                  return (
                    <Button
                      key={item.to}
                      component={Link}
                      to={item.to}
                      size="sm"
                      variant={active ? 'light' : 'subtle'}
                      color={active ? 'indigo' : 'gray'}
                      leftSection={item.icon}
                      aria-current={active ? 'page' : undefined}
                      aria-label={t(item.label)}
                      data-testid={item.testId}
                    >
                      {/* Icons only on a phone, so the six entries fit. */}
                      <Text span inherit visibleFrom="sm">
                        {t(item.label)}
                      </Text>
                    </Button>
                  );
                })}
              </Group>
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" c="dimmed" visibleFrom="md" data-testid="client-email">
                {email}
              </Text>
              <Button
                variant="subtle"
                size="sm"
                color="gray"
                leftSection={<IconLogout size={16} />}
                onClick={onLogout}
                loading={loggingOut}
                aria-label={t('nav.logout')}
                data-testid="logout"
              >
                <Text span inherit visibleFrom="sm">
                  {t('nav.logout')}
                </Text>
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
