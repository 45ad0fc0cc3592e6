import { Alert, Button, Center, Stack } from '@mantine/core';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { onUnauthorized } from '../api/client';
import { backofficeApi } from '../api/backoffice';
import type { Staff } from '../api/types';
import { LoadingScreen } from '../components/LoadingScreen';
import { useLoad } from '../hooks/useLoad';

interface StaffSessionValue {
  staff: Staff;
  isAdmin: boolean;
  logout: () => Promise<void>;
  loggingOut: boolean;
}

export const StaffSessionContext = createContext<StaffSessionValue | null>(null);

export function useStaffSession(): StaffSessionValue {
  const session = useContext(StaffSessionContext);
  if (!session) throw new Error('useStaffSession must be used inside <RequireStaff>');
  return session;
}

export function hasRole(staff: Staff, role: string): boolean {
  return staff.roles.includes(role);
}

/** Loads `/api/backoffice/me`; sends anonymous visitors to `/backoffice/login`. */
export function RequireStaff({ children }: { children: ReactNode }) {
  const location = useLocation();
  const navigate = useNavigate();
  const { data, error, reload } = useLoad((signal) => backofficeApi.me(signal), []);
  const [expired, setExpired] = useState(false);
  const [loggingOut, setLoggingOut] = useState(false);

  useEffect(() => onUnauthorized('staff', () => setExpired(true)), []);

  const logout = useCallback(async () => {
    setLoggingOut(true);
    try {
      await backofficeApi.logout();
    } catch {
      // Leave the back office regardless; the server-side session is ended or already gone.
    } finally {
      setLoggingOut(false);
      navigate('/backoffice/login', { replace: true });
    }
  }, [navigate]);

  if (expired || error?.status === 401) {
    return <Navigate to="/backoffice/login" replace state={{ from: location.pathname + location.search }} />;
  }
  if (error) {
    return (
      <Center mih="60vh" p="md">
        <Stack align="center">
          <Alert color="red" title="Could not load your session">
            {error.message}
          </Alert>
          <Button onClick={reload}>Try again</Button>
        </Stack>
      </Center>
    );
  }
  if (!data) return <LoadingScreen />;

  const value: StaffSessionValue = {
    staff: data.staff,
    isAdmin: hasRole(data.staff, 'admin'),
    logout,
    loggingOut,
  };
  return <StaffSessionContext.Provider value={value}>{children}</StaffSessionContext.Provider>;
}
