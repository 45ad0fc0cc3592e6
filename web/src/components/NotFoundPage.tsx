import { Anchor, Center, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { t } from '../i18n';

export function NotFoundPage({ home = '/' }: { home?: string }) {
  return (
    <Center mih="60vh" p="md">
      <Stack align="center" gap="xs">
        <Title order={1} size="h2">
          {t('app.notFound.title')}
        </Title>
        <Text c="dimmed">{t('app.notFound.body')}</Text>
        <Anchor component={Link} to={home}>
          {t('app.notFound.home')}
        </Anchor>
      </Stack>
    </Center>
  );
}
