import { Navigate, Route, Routes } from 'react-router-dom';
import { BackofficeFrame } from './backoffice/BackofficeFrame';
import { ClientAsOfPage } from './backoffice/ClientAsOfPage';
import { ClientDetailPage } from './backoffice/ClientDetailPage';
import { ClientsPage } from './backoffice/ClientsPage';
import { KycCasePage } from './backoffice/kyc/KycCasePage';
import { KycQueuePage } from './backoffice/kyc/KycQueuePage';
import { DepositPage } from './backoffice/payments/DepositPage';
import { DepositQueuePage } from './backoffice/payments/DepositQueuePage';
import { WithdrawalPage } from './backoffice/payments/WithdrawalPage';
import { WithdrawalQueuePage } from './backoffice/payments/WithdrawalQueuePage';
import { PlatformSyncPage } from './backoffice/platform/PlatformSyncPage';
import { OperationsPage } from './backoffice/operations/OperationsPage';
import { PlatformExceptionsPage } from './backoffice/reconciliation/PlatformExceptionsPage';
import { ReconciliationRunsPage } from './backoffice/reconciliation/ReconciliationRunsPage';
import { RunDetailPage } from './backoffice/reconciliation/RunDetailPage';
import { RequireStaff } from './backoffice/session';
import { StaffLoginPage } from './backoffice/StaffLoginPage';
import { StaffPage } from './backoffice/StaffPage';
import { InboxPage } from './backoffice/messages/InboxPage';
import { NotFoundPage } from './components/NotFoundPage';
import { DashboardPage } from './portal/DashboardPage';
import { DocumentsPage } from './portal/DocumentsPage';
import { ForgotPasswordPage } from './portal/ForgotPasswordPage';
import { DepositReturnRedirect, FundsPage } from './portal/FundsPage';
import { LoginPage } from './portal/LoginPage';
import { MessagesPage } from './portal/MessagesPage';
import { PortalFrame } from './portal/PortalFrame';
import { ProfilePage } from './portal/ProfilePage';
import { RegisterPage } from './portal/RegisterPage';
import { ResetPasswordPage } from './portal/ResetPasswordPage';
import { TradingPage } from './portal/TradingPage';
import { RequireClient } from './portal/session';
import { VerifyEmailPage } from './portal/VerifyEmailPage';

/** One SPA, two faces: the portal at `/`, the back office under `/backoffice`. */
export function App() {
  return (
    <Routes>
      {/* Portal: public pages */}
      <Route path="/login" element={<LoginPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/verify-email" element={<VerifyEmailPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      {/* Where the payment provider sends the client back (create-deposit.ts's return URL). */}
      <Route path="/portal/deposits" element={<DepositReturnRedirect />} />

      {/* Portal: logged-in client */}
      <Route
        element={
          <RequireClient>
            <PortalFrame />
          </RequireClient>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="documents" element={<DocumentsPage />} />
        <Route path="funds" element={<FundsPage />} />
        <Route path="trading" element={<TradingPage />} />
        <Route path="messages" element={<MessagesPage />} />
      </Route>

      {/* Back office */}
      <Route path="/backoffice/login" element={<StaffLoginPage />} />
      <Route
        path="/backoffice"
        element={
          <RequireStaff>
            <BackofficeFrame />
          </RequireStaff>
        }
      >
        <Route index element={<Navigate to="clients" replace />} />
        <Route path="clients" element={<ClientsPage />} />
        <Route path="clients/:id" element={<ClientDetailPage />} />
        <Route path="clients/:id/as-of" element={<ClientAsOfPage />} />
        <Route path="kyc" element={<KycQueuePage />} />
        <Route path="kyc/:id" element={<KycCasePage />} />
        <Route path="payments" element={<Navigate to="deposits" replace />} />
        <Route path="payments/deposits" element={<DepositQueuePage />} />
        <Route path="payments/deposits/:id" element={<DepositPage />} />
        <Route path="payments/withdrawals" element={<WithdrawalQueuePage />} />
        <Route path="payments/withdrawals/:id" element={<WithdrawalPage />} />
        <Route path="platform-sync" element={<PlatformSyncPage />} />
        <Route path="operations" element={<OperationsPage />} />
        <Route path="reconciliation" element={<Navigate to="runs" replace />} />
        <Route path="reconciliation/runs" element={<ReconciliationRunsPage />} />
        <Route path="reconciliation/runs/:id" element={<RunDetailPage />} />
        <Route path="reconciliation/exceptions" element={<PlatformExceptionsPage />} />
        <Route path="inbox" element={<InboxPage />} />
        <Route path="staff" element={<StaffPage />} />
        <Route path="*" element={<NotFoundPage home="/backoffice/clients" />} />
      </Route>

      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
