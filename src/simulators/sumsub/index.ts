export {
  SUMSUB_RESEND_SCHEDULE_MS,
  formatSumsubMs,
  formatSumsubSeconds,
  startSumsubSimulator,
  type SimulatedApplicant,
  type SumsubApiFault,
  type SumsubDeliveryOptions,
  type SumsubReviewInput,
  type SumsubReviewResultBody,
  type SumsubSimulator,
  type SumsubSimulatorOptions,
  type SumsubWebhookDelivery,
} from './simulator';
