export { Mt4BridgeClient, queryString, type BridgeAnswer, type BridgeRequest, type Mt4BridgeClientOptions, type Mt4BridgeClientStats } from './mt4-bridge-client';
export {
  BRIDGE_ERROR_STATUS,
  MT4_RET,
  MT4_RET_NAME,
  bridgeErrorForMt4,
  bridgePlatformCode,
  platformErrorFromBridge,
  type BridgeErrorBody,
  type BridgeErrorCode,
} from './mt4-bridge-codes';
export { assertMt4Password, createMt4BridgePlatform, type Mt4BridgePlatform, type Mt4BridgePlatformOptions } from './mt4-bridge-platform';
export { mt4FlagsFor, mt4RightsRaw, platformRightsOfMt4, type Mt4RightsFlags } from './mt4-bridge-rights';
export {
  BRIDGE_HEADER,
  BRIDGE_MAX_KEYS,
  BRIDGE_NONCE_MEMORY_SECONDS,
  BRIDGE_TIMESTAMP_TOLERANCE_SECONDS,
  assertBridgeKey,
  bridgeRequestHeaders,
  checkBridgeRequest,
  newBridgeNonce,
  requestStringToSign,
  responseStringToSign,
  sha256Hex,
  signBridgeRequest,
  signBridgeResponse,
  signaturesEqual,
  type BridgeAuthCheck,
  type BridgeAuthFailure,
  type BridgeKey,
} from './mt4-bridge-signing';
export { BRIDGE_MAX_AMOUNT_MAJOR, BRIDGE_MAX_DIGITS, BRIDGE_PROTOCOL_NAME, isSupportedBridgeVersion } from './mt4-bridge-wire';
