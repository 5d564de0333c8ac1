// Every handler, by "Family:Event" (an event may have several: a model fee change updates the model
// and is recorded as a ParameterChange).
import { adminHandlers } from './admin.ts';
import { airdropHandlers } from './airdrops.ts';
import { attributionHandlers } from './attribution.ts';
import { bridgeHandlers } from './bridge.ts';
import { challengeHandlers } from './challenges.ts';
import { creditHandlers } from './credits.ts';
import { datanetHandlers } from './datanets.ts';
import { governanceHandlers } from './governance.ts';
import { modelHandlers } from './models.ts';
import { ownershipHandlers } from './ownership.ts';
import { rewardHandlers } from './rewards.ts';
import { stakingHandlers } from './staking.ts';
import { tokenHandlers } from './tokens.ts';
import type { Handler } from './types.ts';

const ALL_HANDLERS: Handler[] = [
  ...tokenHandlers,
  ...governanceHandlers,
  ...stakingHandlers,
  ...airdropHandlers,
  ...ownershipHandlers,
  ...creditHandlers,
  ...datanetHandlers,
  ...modelHandlers,
  ...attributionHandlers,
  ...rewardHandlers,
  ...challengeHandlers,
  ...bridgeHandlers,
  ...adminHandlers,
];

export const handlerKey = (family: string, event: string): string => `${family}:${event}`;

export function handlerRegistry(handlers: Handler[] = ALL_HANDLERS): Map<string, Handler[]> {
  const map = new Map<string, Handler[]>();
  for (const h of handlers) {
    const key = handlerKey(h.family, h.event);
    map.set(key, [...(map.get(key) ?? []), h]);
  }
  return map;
}
