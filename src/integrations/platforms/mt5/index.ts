export { MT5_RAND_BYTES, isMt5Rand, mt5AnswersEqual, mt5PasswordHash, mt5RandAnswer, newMt5Rand } from './mt5-auth';
export { Mt5Connection, queryString, type Mt5CallInit, type Mt5ConnectionOptions, type Mt5ConnectionStats } from './mt5-connection';
export { formatForPlatformDigits, formatMt5Decimal, parseMt5Decimal } from './mt5-decimal';
export { MT5_RET, MT5_RET_TEXT, mt5Error, mt5Retcode, parseMt5Retcode } from './mt5-retcodes';
export { MT5_DEFAULT_NEW_ACCOUNT_RIGHTS, MT5_RIGHT, applyPlatformRights, parseMt5Rights, platformRightsOf } from './mt5-rights';
export { MT5_DEAL_ACTION_BALANCE, MT5_DEAL_ACTION_CREDIT, type Mt5GroupCurrency } from './mt5-wire';
export { assertMt5Password, createMt5WebApiPlatform, type Mt5WebApiPlatform, type Mt5WebApiPlatformOptions } from './mt5-web-api-platform';
