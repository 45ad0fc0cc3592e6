import { Outlet } from 'react-router-dom';
import { PortalLayout } from '../components/PortalLayout';
import { useClientSession } from './session';

/** The logged-in portal's layout route. */
export function PortalFrame() {
  const { me, logout, loggingOut } = useClientSession();
  return (
    <PortalLayout email={me.client.email} onLogout={() => void logout()} loggingOut={loggingOut}>
      <Outlet />
    </PortalLayout>
  );
}
