// What Staking owes at the head: every held stake with its interest to now (`calculateAmount`, the
// contract's own math) plus every unstake request's frozen amount; the Bank must hold at least that.
type Read = (functionName: string, args?: readonly unknown[]) => Promise<unknown>;

type StakeTuple = readonly [string, bigint, bigint, bigint, bigint, bigint];

export async function stakingOwed(read: Read): Promise<{ owed: bigint; held: number; requested: number }> {
  let owed = 0n;
  let held = 0;
  let requested = 0;
  const next = (await read('nextStakeId')) as bigint;
  for (let id = 0n; id < next; id++) {
    const s = (await read('stakes', [id])) as StakeTuple;
    if (s[3] > 0n) {
      held += 1;
      const stake = { recipient: s[0], configId: s[1], updatedAt: s[2], amount: s[3], startTime: s[4], principal: s[5] };
      owed += (await read('calculateAmount', [stake])) as bigint;
    }
    const [requestAt, r] = (await read('unstakeRequests', [id])) as readonly [bigint, { amount: bigint }];
    if (requestAt > 0n) {
      requested += 1;
      owed += r.amount;
    }
  }
  return { owed, held, requested };
}
