import { useDirection } from '@mantine/core';
import { createContext, Fragment, useCallback, useContext, useState, type ReactNode } from 'react';
import { directionOf, getLanguage, setLanguage, storeLanguage, type PortalLanguage } from '.';

interface LanguageState {
  language: string;
  /** Switches the UI language: catalogue, <html lang dir>, Mantine's direction, and this browser's stored choice. */
  changeLanguage: (lang: PortalLanguage) => void;
}

const LanguageContext = createContext<LanguageState>({ language: 'en', changeLanguage: () => undefined });

export function useLanguage(): LanguageState {
  return useContext(LanguageContext);
}

/**
 * Holds the UI language. `t()` reads a module-level language, so a change
 * re-mounts the tree below (keyed by the language): every string, date and
 * number is rendered again in the new language. The router sits above, so
 * the page stays where it is.
 */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState(getLanguage);
  const { setDirection } = useDirection();
  const changeLanguage = useCallback(
    (lang: PortalLanguage) => {
      storeLanguage(lang);
      if (lang === getLanguage()) return;
      setLanguage(lang);
      setDirection(directionOf(lang));
      setState(lang);
    },
    [setDirection],
  );
  return (
    <LanguageContext.Provider value={{ language, changeLanguage }}>
      <Fragment key={language}>{children}</Fragment>
    </LanguageContext.Provider>
  );
}
