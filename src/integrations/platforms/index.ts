export {
  PLATFORM_REFERENCE_PATTERN,
  PLATFORM_RIGHTS,
  type BalanceOperationInput,
  type BalanceOperationResult,
  type CreatePlatformAccountInput,
  type CreatePlatformAccountResult,
  type PlatformAccount,
  type PlatformBalanceDeal,
  type PlatformDeal,
  type PlatformDealKind,
  type PlatformBalances,
  type PlatformRights,
  type TradingPlatform,
} from './trading-platform';
export {
  PlatformAuthError,
  PlatformConflictError,
  PlatformInvalidRequestError,
  PlatformNoMoneyError,
  PlatformNotFoundError,
  PlatformPermissionError,
  PlatformProtocolError,
  PlatformServerAuthError,
  PlatformTimeoutError,
  PlatformUnavailableError,
  TradingPlatformError,
  isTradingPlatformError,
  type TradingPlatformErrorCode,
} from './platform-errors';
export { createMt5WebApiPlatform, type Mt5WebApiPlatform, type Mt5WebApiPlatformOptions } from './mt5';
export { createMt4BridgePlatform, type Mt4BridgePlatform, type Mt4BridgePlatformOptions } from './mt4-bridge';
