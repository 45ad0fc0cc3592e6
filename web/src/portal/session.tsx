import { Alert, Button, Center, Stack } from '@mantine/core';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { onUnauthorized } from '../api/client';
import { portalApi } from '../api/portal';
import type { PortalMe } from '../api/types';
import { LoadingScreen } from '../components/LoadingScreen';
import { useLoad } from '../hooks/useLoad';
import { getLanguage, isPortalLanguage, t } from '../i18n';
import { useLanguage } from '../i18n/LanguageProvider';

interface ClientSession {
  me: PortalMe;
  reload: () => void;
  logout: () => Promise<void>;
  loggingOut: boolean;
}

export const ClientSessionContext = createContext<ClientSession | null>(null);

export function useClientSession(): ClientSession {
  const session = useContext(ClientSessionContext);
  if (!session) throw new Error('useClientSession must be used inside <RequireClient>');
  return session;
}

/** Loads `/api/portal/me`; sends anonymous visitors to `/login`. */
export function RequireClient({ children }: { children: ReactNode }) {
  const location = useLocation();
  const navigate = useNavigate();
  const { data, error, reload } = useLoad((signal) => portalApi.me(signal), []);
  const [expired, setExpired] = useState(false);
  const [loggingOut, setLoggingOut] = useState(false);

  useEffect(() => onUnauthorized('portal', () => setExpired(true)), []);

  // Once logged in, the portal speaks the language on the client's record (the one their emails use).
  const { changeLanguage } = useLanguage();
  const recorded = data?.client.language;
  useEffect(() => {
    if (isPortalLanguage(recorded) && recorded !== getLanguage()) changeLanguage(recorded);
  }, [recorded, changeLanguage]);

  const logout = useCallback(async () => {
    setLoggingOut(true);
    try {
      await portalApi.logout();
    } catch {
      // The session is gone either way from the client's point of view.
    } finally {
      setLoggingOut(false);
      navigate('/login', { replace: true });
    }
  }, [navigate]);

  if (expired || error?.status === 401) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  if (error) {
    return (
      <Center mih="60vh" p="md">
        <Stack align="center">
          <Alert color="red" title={t('session.error')}>
            {error.message}
          </Alert>
          <Button onClick={reload}>{t('app.retry')}</Button>
        </Stack>
      </Center>
    );
  }
  if (!data) return <LoadingScreen label={t('app.loading')} />;

  return (
    <ClientSessionContext.Provider value={{ me: data, reload, logout, loggingOut }}>
      {children}
    </ClientSessionContext.Provider>
  );
}
