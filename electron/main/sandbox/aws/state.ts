import type { Seed } from '../seed/model';
import { Identities, randomKeyId, randomSecretKey, type AccessKeys, type Session } from './identities';
import type { StoredSecret } from './model';
import { RegionStore } from './region-store';
import { loadSeed } from './seed-load';

/** The whole sandbox account: its keys, its role's sessions and one secret store per region. */
export const SANDBOX_ACCOUNT = '111122223333';
export const SANDBOX_ROLE = 'keyhole-sandbox-operator';
const FORMAT = 'keyhole-aws-sandbox/1';

export interface StateDocument {
  format: typeof FORMAT;
  account: string;
  keys: AccessKeys;
  userId: string;
  roleId: string;
  sessions: Session[];
  regions: Record<string, StoredSecret[]>;
}

export class AwsState {
  private readonly regions = new Map<string, RegionStore>();

  constructor(
    readonly identities: Identities,
    regions: Record<string, StoredSecret[]> = {},
  ) {
    for (const [region, secrets] of Object.entries(regions)) this.regions.set(region, new RegionStore(region, identities.account, secrets));
  }

  static seeded(seed: Seed, region: string, now: number): AwsState {
    const keys = { accessKeyId: randomKeyId('AKIA'), secretAccessKey: randomSecretKey() };
    const identities = new Identities(
      SANDBOX_ACCOUNT,
      keys,
      randomKeyId('AIDA'),
      `arn:aws:iam::${SANDBOX_ACCOUNT}:role/${SANDBOX_ROLE}`,
      randomKeyId('AROA'),
    );
    const state = new AwsState(identities);
    loadSeed(seed, state.region(region), now);
    return state;
  }

  static restore(doc: unknown): AwsState | undefined {
    const d = doc as Partial<StateDocument> | undefined;
    if (d?.format !== FORMAT || !d.keys || !d.account || !d.userId || !d.roleId || !d.regions) return undefined;
    const identities = new Identities(d.account, d.keys, d.userId, `arn:aws:iam::${d.account}:role/${SANDBOX_ROLE}`, d.roleId, d.sessions ?? []);
    return new AwsState(identities, d.regions);
  }

  region(name: string): RegionStore {
    let store = this.regions.get(name);
    if (!store) {
      store = new RegionStore(name, this.identities.account);
      this.regions.set(name, store);
    }
    return store;
  }

  toDocument(now: number): StateDocument {
    const regions: Record<string, StoredSecret[]> = {};
    for (const [name, store] of this.regions) if (store.size > 0) regions[name] = [...store.secrets()];
    return {
      format: FORMAT,
      account: this.identities.account,
      keys: this.identities.keys,
      userId: this.identities.userId,
      roleId: this.identities.roleId,
      sessions: this.identities.listSessions(now),
      regions,
    };
  }
}
