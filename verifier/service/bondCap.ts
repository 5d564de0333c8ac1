// The hourly spending cap on bonds (VERIFIER_BOND_CAP_PER_HOUR): a challenge is signed only while
// the bonds its account signed in the last rolling hour (challenge_intent.signed_at), plus its own
// bond, stay within the cap. Intents signed more than an hour ago no longer count.
import type pg from 'pg';
import { formatEther } from 'viem';

export type BondCapCheck =
  | { ok: true; spentWei: bigint }
  | { ok: false; spentWei: bigint; reason: string };

/** Whether `account` may sign another bond of `bondWei` under a cap of `capWei` per rolling hour. */
export async function checkBondCap(db: pg.Pool | pg.ClientBase, account: string, bondWei: bigint, capWei: bigint): Promise<BondCapCheck> {
  const res = await db.query(
    `SELECT coalesce(sum(bond), 0)::text AS wei FROM verifier.challenge_intent
     WHERE account = $1 AND signed_at IS NOT NULL AND signed_at > now() - interval '1 hour'`,
    [account.toLowerCase()],
  );
  const spentWei = BigInt(res.rows[0].wei);
  if (spentWei + bondWei <= capWei) return { ok: true, spentWei };
  return {
    ok: false,
    spentWei,
    reason: `hourly bond cap: ${open(spentWei)} signed in the last hour, another bond of ${open(bondWei)} would pass the cap of ${open(capWei)} per hour`,
  };
}

function open(wei: bigint): string {
  return `${formatEther(wei)} OPEN (${wei} wei)`;
}
