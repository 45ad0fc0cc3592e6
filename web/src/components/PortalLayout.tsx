import { AppShell, Box, Button, Container, Group, Text } from '@mantine/core';
import { IconChartCandle, IconFileText, IconHome, IconLogout, IconMessages, IconUserCircle, IconWallet } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { t, type MessageKey } from '../i18n';
import { portalApi } from '../api/portal';
import { LanguageSwitcher } from './LanguageSwitcher';
import { UnreadMessagesBadge } from '../portal/messages/UnreadMessagesBadge';

interface PortalLayoutProps {
  email: string;
  onLogout: () => void;
  loggingOut: boolean;
  children: ReactNode;
}

const NAV: { to: string; label: MessageKey; icon: ReactNode; testId: string; badge?: ReactNode }[] = [
  { to: '/', label: 'nav.dashboard', icon: <IconHome size={16} />, testId: 'nav-dashboard' },
  { to: '/funds', label: 'nav.funds', icon: <IconWallet size={16} />, testId: 'nav-funds' },
  { to: '/trading', label: 'nav.trading', icon: <IconChartCandle size={16} />, testId: 'nav-trading' },
  { to: '/profile', label: 'nav.profile', icon: <IconUserCircle size={16} />, testId: 'nav-profile' },
  { to: '/documents', label: 'nav.documents', icon: <IconFileText size={16} />, testId: 'nav-documents' },
  { to: '/messages', label: 'nav.messages', icon: <IconMessages size={16} />, testId: 'nav-messages', badge: <UnreadMessagesBadge /> },
];

/** Shell of the logged-in portal: brand, navigation (Dashboard, Funds, Trading, Profile, Documents), the client's email and log out. */
export function PortalLayout({ email, onLogout, loggingOut, children }: PortalLayoutProps) {
  const { pathname } = useLocation();
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Container size="lg" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="lg" wrap="nowrap" miw={0}>
              <Text fw={700} size="lg" c="indigo" visibleFrom="sm">
                {t('app.name')}
              </Text>
              {/* On a phone the icons scroll sideways rather than push the language and log-out buttons out of the header. */}
              <Group component="nav" gap={4} wrap="nowrap" aria-label={t('app.name')} style={{ overflowX: 'auto', scrollbarWidth: 'none' }}>
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
                      rightSection={item.badge}
                      px={{ base: 8, sm: 12 }}
                      style={{ flexShrink: 0 }}
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
              <Box visibleFrom="sm">
                <LanguageSwitcher persist={portalApi.setLanguage} />
              </Box>
              <Text size="sm" c="dimmed" visibleFrom="xl" dir="ltr" data-testid="client-email">
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
        <Container size="lg">
          {/* On a phone the header has room for the navigation icons only: the language menu opens the page. */}
          <Group hiddenFrom="sm" justify="flex-end" mb="xs">
            <LanguageSwitcher persist={portalApi.setLanguage} withLabel testId="language-switcher-phone" />
          </Group>
          {children}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
