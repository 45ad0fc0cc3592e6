import '@mantine/core/styles.css';
import { createTheme, DirectionProvider, MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { directionOf, getLanguage, setLanguage } from './i18n';

// Sets <html lang dir> before the first render; Mantine reads `dir` from it.
setLanguage(getLanguage());

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
          <App />
        </BrowserRouter>
      </MantineProvider>
    </DirectionProvider>
  </StrictMode>,
);
