export * from './accounts';
export * from './entries';
export * from './journal-entry';
export * from './money';
