import { AppShell, Badge, Burger, Button, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCash, IconId, IconInbox, IconLogout, IconPlugConnected, IconScale, IconUsers, IconUserShield } from '@tabler/icons-react';
import { IconChartBar } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import type { Staff } from '../api/types';
import { InboxCountBadge } from '../backoffice/messages/InboxCountBadge';
import { staffMay } from '../backoffice/roles';

interface BackofficeLayoutProps {
  staff: Staff;
  isAdmin: boolean;
  onLogout: () => void;
  loggingOut: boolean;
  children: ReactNode;
}

interface NavItem {
  to: string;
  label: string;
  icon?: ReactNode;
  testId: string;
  /** Shown at the end of the entry (e.g. the inbox's count). */
  badge?: ReactNode;
  /** A group (e.g. Payments: deposit review, later the withdrawal queues), opened by default. */
  children?: NavItem[];
}

/** Back-office shell: navbar (Clients, KYC queue, Payments, Staff for admins, log out), staff identity in the header. */
export function BackofficeLayout({ staff, isAdmin, onLogout, loggingOut, children }: BackofficeLayoutProps) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();

  const items: NavItem[] = [
    { to: '/backoffice/clients', label: 'Clients', icon: <IconUsers size={18} />, testId: 'nav-clients' },
  ];
  // The roles allowed to see the KYC queue (kyc.queue.view in src/domain/permissions.ts).
  if (staff.roles.some((role) => role === 'support' || role === 'compliance' || role === 'supervisor')) {
    items.push({ to: '/backoffice/kyc', label: 'KYC queue', icon: <IconId size={18} />, testId: 'nav-kyc' });
  }
  // Payments: the deposit review queue (deposit.view) and the withdrawal stage queues (withdrawal.view).
  const payments: NavItem[] = [];
  if (staffMay(staff.roles, 'deposit.view')) {
    payments.push({ to: '/backoffice/payments/deposits', label: 'Deposits', testId: 'nav-deposits' });
  }
  if (staffMay(staff.roles, 'withdrawal.view')) {
    payments.push({ to: '/backoffice/payments/withdrawals', label: 'Withdrawals', testId: 'nav-withdrawals' });
  }
  if (payments.length > 0) {
    items.push({ to: '/backoffice/payments', label: 'Payments', icon: <IconCash size={18} />, testId: 'nav-payments', children: payments });
  }
  // Trading accounts whose platform rights lag behind their status (platform.sync.view).
  if (staffMay(staff.roles, 'platform.sync.view')) {
    items.push({ to: '/backoffice/platform-sync', label: 'Platform sync', icon: <IconPlugConnected size={18} />, testId: 'nav-platform-sync' });
  }
  // Operations (operations.view): queues, SLA breaches, approval times, payment rates, exports.
  if (staffMay(staff.roles, 'operations.view')) {
    items.push({ to: '/backoffice/operations', label: 'Operations', icon: <IconChartBar size={18} />, testId: 'nav-operations' });
  }
  // Reconciliation (reconciliation.view): the runs and their breaks, and finance's platform exceptions queue.
  if (staffMay(staff.roles, 'reconciliation.view')) {
    items.push({
      to: '/backoffice/reconciliation',
      label: 'Reconciliation',
      icon: <IconScale size={18} />,
      testId: 'nav-reconciliation',
      children: [
        { to: '/backoffice/reconciliation/runs', label: 'Runs', testId: 'nav-reconciliation-runs' },
        { to: '/backoffice/reconciliation/exceptions', label: 'Platform exceptions', testId: 'nav-reconciliation-exceptions' },
      ],
    });
  }
  // Client threads waiting for an answer (message.view), with their count.
  if (staffMay(staff.roles, 'message.view')) {
    items.push({ to: '/backoffice/inbox', label: 'Inbox', icon: <IconInbox size={18} />, testId: 'nav-inbox', badge: <InboxCountBadge /> });
  }
  if (isAdmin) {
    items.push({ to: '/backoffice/staff', label: 'Staff', icon: <IconUserShield size={18} />, testId: 'nav-staff' });
  }

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} c="indigo">
              Traderoom <Text span c="dimmed" fw={500}>Back office</Text>
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap" data-testid="staff-identity">
            <Text size="sm" visibleFrom="xs" data-testid="staff-email">
              {staff.email}
            </Text>
            {staff.roles.map((role) => (
              <Badge key={role} size="sm" variant="light" data-testid="staff-role">
                {role}
              </Badge>
            ))}
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={4}>
            {items.map((item) =>
              item.children ? (
                <NavLink key={item.to} label={item.label} leftSection={item.icon} defaultOpened childrenOffset={30} data-testid={item.testId}>
                  {item.children.map((child) => (
                    <NavLink
                      key={child.to}
                      component={Link}
                      to={child.to}
                      label={child.label}
                      active={pathname === child.to || pathname.startsWith(`${child.to}/`)}
                      onClick={close}
                      data-testid={child.testId}
                    />
                  ))}
                </NavLink>
              ) : (
                <NavLink
                  key={item.to}
                  component={Link}
                  to={item.to}
                  label={item.label}
                  leftSection={item.icon}
                  rightSection={item.badge}
                  active={pathname === item.to || pathname.startsWith(`${item.to}/`)}
                  onClick={close}
                  data-testid={item.testId}
                />
              ),
            )}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Button
            variant="subtle"
            color="gray"
            fullWidth
            justify="flex-start"
            leftSection={<IconLogout size={18} />}
            onClick={onLogout}
            loading={loggingOut}
            data-testid="logout"
          >
            Log out
          </Button>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
