export {
  startPspSimulator,
  type PayOptions,
  type PspDelivery,
  type PspDeliveryOptions,
  type PspFault,
  type PspProtocol,
  type PspSimulator,
  type PspSimulatorOptions,
  type PspSimulatorProvider,
  type SimulatedPayout,
  type SimulatedSession,
} from './simulator';
export { SETTLEMENT_CSV_HEADER, bpsFee, settlementCsv, type SettlementRow, type SettlementType } from './settlement';
export { escapeHtml, formatMinor, renderHostedPage } from './hosted-page';
