export {
  MT5_SIM_ALL_RIGHTS,
  startMt5Simulator,
  type Mt5Fault,
  type Mt5RandomFaults,
  type Mt5SimAccountSnapshot,
  type Mt5SimManager,
  type Mt5SimManagerRight,
  type Mt5SimSeedAccount,
  type Mt5SimStats,
  type Mt5Simulator,
  type Mt5SimulatorOptions,
} from './simulator';
export { SIM_MAX_MONEY_MAJOR, groupMatchesMasks, type Mt5SimGroup, type SimDeal } from './sim-book';
