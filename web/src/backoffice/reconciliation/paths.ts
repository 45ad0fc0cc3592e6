/** Addresses of the reconciliation screens. */
export const RUNS_PATH = '/backoffice/reconciliation/runs';
export const EXCEPTIONS_PATH = '/backoffice/reconciliation/exceptions';

export const runPath = (id: string) => `${RUNS_PATH}/${encodeURIComponent(id)}`;

export const clientPath = (id: string) => `/backoffice/clients/${encodeURIComponent(id)}`;
