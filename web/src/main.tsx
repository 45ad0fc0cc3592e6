import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import { createTheme, DirectionProvider, MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { directionOf, getLanguage, setLanguage, storedLanguage } from './i18n';
import { LanguageProvider } from './i18n/LanguageProvider';

// Sets <html lang dir> before the first render; Mantine reads `dir` from it.
// The portal starts in the language chosen in this browser; the back office is in English.
setLanguage(window.location.pathname.startsWith('/backoffice') ? 'en' : (storedLanguage() ?? getLanguage()));

const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
});

const root = document.getElementById('root');
if (!root) throw new Error('#root element missing from index.html');

createRoot(root).render(
  <StrictMode>
    <DirectionProvider initialDirection={directionOf(getLanguage())}>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <BrowserRouter>
          <LanguageProvider>
            <App />
          </LanguageProvider>
        </BrowserRouter>
      </MantineProvider>
    </DirectionProvider>
  </StrictMode>,
);
