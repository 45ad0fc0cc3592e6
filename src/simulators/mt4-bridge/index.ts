export {
  startMt4BridgeSimulator,
  type Mt4BridgeEndpoint,
  type Mt4BridgeFault,
  type Mt4BridgeRandomFaults,
  type Mt4BridgeSimAccountSnapshot,
  type Mt4BridgeSimGroup,
  type Mt4BridgeSimStats,
  type Mt4BridgeSimulator,
  type Mt4BridgeSimulatorOptions,
} from './simulator';
export { BridgeError, executeBridgeCommand, routeOf } from './bridge-commands';
