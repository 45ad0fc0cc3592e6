import { Button, Menu, Text } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useState } from 'react';
import { PORTAL_LANGUAGES, t, type PortalLanguage } from '../i18n';
import { useLanguage } from '../i18n/LanguageProvider';

interface LanguageSwitcherProps {
  /** Saves the choice on the client's record (logged in); before login it is kept in this browser only. */
  persist?: (lang: PortalLanguage) => Promise<unknown>;
  /** Shows the current language's name beside the icon (where there is room). */
  withLabel?: boolean;
  testId?: string;
}

/** The portal's language menu: each language named in itself. */
export function LanguageSwitcher({ persist, withLabel = false, testId = 'language-switcher' }: LanguageSwitcherProps) {
  const { language, changeLanguage } = useLanguage();
  const [saving, setSaving] = useState(false);

  async function choose(lang: PortalLanguage) {
    if (lang === language) return;
    setSaving(true);
    try {
      await persist?.(lang);
    } catch {
      // Not saved on the server (offline, session gone): the page still switches; the next choice saves it.
    } finally {
      setSaving(false);
    }
    changeLanguage(lang);
  }

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="subtle" size="sm" color="gray" px="xs" loading={saving} aria-label={t('language.label')} title={t('language.label')} data-testid={testId}>
          <IconLanguage size={16} />
          {withLabel && (
            <Text span inherit ms={6}>
              {t(`language.${language === 'ar' ? 'ar' : 'en'}`)}
            </Text>
          )}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {PORTAL_LANGUAGES.map((lang) => (
          <Menu.Item
            key={lang}
            lang={lang}
            dir={lang === 'ar' ? 'rtl' : 'ltr'}
            onClick={() => void choose(lang)}
            rightSection={lang === language ? <IconCheck size={14} /> : null}
            data-testid={`language-${lang}`}
          >
            {t(`language.${lang}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
