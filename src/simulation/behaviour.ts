/**
 * How the synthetic clients, the payment provider and the reviewers behave:
 * the rates and delays the model draws from. Delays are log-normal (median,
 * sigma) in hours unless named otherwise. Chosen to look like a small retail
 * broker's month; change them here, not in the engine.
 */
export const BEHAVIOUR = {
  /** Where applicants live (servable countries of config/demo.yaml), by weight. */
  countries: [
    ['DE', 20], ['FR', 12], ['ES', 10], ['CY', 4], ['PL', 8],
    ['GB', 12], ['AE', 10], ['ZA', 10], ['NG', 8], ['PK', 6],
  ] as const,
  emailVerified: 0.92,
  emailVerifyDelay: { median: 0.15, sigma: 1.2 },
  /** Of those who verified their email: who fill in the profile and upload documents. */
  completesApplication: 0.85,
  applicationDelay: { median: 0.5, sigma: 1.5 },
  /** An ID already expired at upload (the engine refuses it; the client tries again). */
  uploadsExpiredId: 0.03,
  /** A proof of address older than the configured maximum age (refused likewise). */
  uploadsStaleProofOfAddress: 0.05,
  retryUploadDelay: { median: 20, sigma: 1 },
  /** An ID that expires within weeks: ongoing due diligence asks for a new one. */
  idExpiringSoon: 0.04,
  /** The reviewer finds a document unreadable: refuses it and asks for another. */
  documentUnreadable: 0.12,
  /** The reviewer rejects the application (suspected forgery). */
  applicationRejected: 0.02,
  /** A client asked for documents sends them, after… */
  answersDocumentRequest: 0.85,
  documentRequestDelay: { median: 18, sigma: 1.2 },
  /** A verified client funds the account, after… */
  firstDeposit: 0.75,
  firstDepositDelay: { median: 3, sigma: 1.5 },
  /** Deposit amounts in major units (EUR/USD), log-normal. */
  depositAmount: { median: 400, sigma: 1.0 },
  /** Share of deposits by wire where the client may use a wire (else card). */
  wireShare: 0.15,
  /** Provider's answer: card in minutes, wire in a day or two. */
  cardAnswerDelay: { median: 0.05, sigma: 1 },
  wireAnswerDelay: { median: 26, sigma: 0.5 },
  cardFailure: 0.12,
  wireFailure: 0.03,
  cardFailureReasons: ['card_declined', 'insufficient_funds', 'authentication_failed'] as const,
  /** The payer's name is not the client's (a review rule hit; finance rejects it). */
  thirdPartyPayer: 0.02,
  /** Finance rejects a deposit under review for other reasons. */
  depositRejectedOtherwise: 0.01,
  /** After a credited deposit: another one, after… (days, in hours here) */
  repeatDeposit: 0.35,
  repeatDepositDelay: { median: 5 * 24, sigma: 0.8 },
  /** A credited card deposit is charged back, after… */
  chargeback: 0.015,
  chargebackDelay: { median: 10 * 24, sigma: 0.5 },
  /** After a credited deposit: a withdrawal request of part of the wallet, after… */
  withdrawal: 0.3,
  withdrawalDelay: { median: 6 * 24, sigma: 0.8 },
  withdrawalShare: { min: 0.2, max: 1 },
  /** The payout: paid in about a day; some fail; some are paid, then returned. */
  payoutAnswerDelay: { median: 20, sigma: 0.6 },
  payoutFailure: 0.02,
  payoutReturned: 0.02,
  payoutReturnDelay: { median: 3 * 24, sigma: 0.5 },
  /** Spread of decision times around the scenario's median (log-space sigma). */
  decisionSigma: 0.6,
} as const;

export type Delay = { readonly median: number; readonly sigma: number };
