import { Outlet } from 'react-router-dom';
import { BackofficeLayout } from '../components/BackofficeLayout';
import { useStaffSession } from './session';

/** The logged-in back office's layout route. */
export function BackofficeFrame() {
  const { staff, isAdmin, logout, loggingOut } = useStaffSession();
  return (
    <BackofficeLayout staff={staff} isAdmin={isAdmin} onLogout={() => void logout()} loggingOut={loggingOut}>
      <Outlet />
    </BackofficeLayout>
  );
}
