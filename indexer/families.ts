// Contract families: the typegen event sets the indexer decodes, by family name. A watched address
// belongs to one or more families (the BSC OPEN OFT is both an ERC-20 and an OFT).
import type { AbiEvent } from '@subsquid/evm-abi';
import * as AttributionEngine from './abi/AttributionEngine.ts';
import * as Bank from './abi/Bank.ts';
import * as ChallengeManager from './abi/ChallengeManager.ts';
import * as CreditManager from './abi/CreditManager.ts';
import * as DatanetFactory from './abi/DatanetFactory.ts';
import * as GOPEN from './abi/GOPEN.ts';
import * as ModelFactory from './abi/ModelFactory.ts';
import * as OFT from './abi/OFT.ts';
import * as OPEN from './abi/OPEN.ts';
import * as OpenLedgerGovernor from './abi/OpenLedgerGovernor.ts';
import * as OpenLedgerTimelock from './abi/OpenLedgerTimelock.ts';
import * as SigDispersal from './abi/SigDispersal.ts';
import * as Staking from './abi/Staking.ts';
import * as WOPEN from './abi/WOPEN.ts';

const FAMILIES = {
  OPEN: OPEN.events,
  WOPEN: WOPEN.events,
  GOPEN: GOPEN.events,
  OpenLedgerTimelock: OpenLedgerTimelock.events,
  OpenLedgerGovernor: OpenLedgerGovernor.events,
  Staking: Staking.events,
  Bank: Bank.events,
  SigDispersal: SigDispersal.events,
  CreditManager: CreditManager.events,
  DatanetFactory: DatanetFactory.events,
  ModelFactory: ModelFactory.events,
  AttributionEngine: AttributionEngine.events,
  ChallengeManager: ChallengeManager.events,
  OFT: OFT.events,
} as const;

export type Family = keyof typeof FAMILIES;
export type FamilyEvents<F extends Family> = (typeof FAMILIES)[F];
export type EventName<F extends Family> = keyof FamilyEvents<F> & string;
export type AnyAbiEvent = AbiEvent<any>;

export const FAMILY_NAMES = Object.keys(FAMILIES) as Family[];

export function isFamily(name: string): name is Family {
  return Object.hasOwn(FAMILIES, name);
}

/** A family's events: name -> ABI event. */
export function eventsOf(family: Family): Record<string, AnyAbiEvent> {
  return FAMILIES[family] as unknown as Record<string, AnyAbiEvent>;
}
