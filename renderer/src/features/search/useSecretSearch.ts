import { useEffect, useMemo } from 'react';
import type { SecretSummary } from '../../../../shared/domain';
import { environmentsOf, useConnections } from '../../stores/connections';
import type { LoadState } from '../../stores/secret-loads';
import { secretIndex, secretItems, useSecrets } from '../../stores/secrets';
import { isEmptyQuery, parseQuery, type Query } from './query';

export interface SearchGroup {
  environmentId: string;
  /** "Sandbox Vault / staging". */
  label: string;
  separator: string;
  state: LoadState;
  /** Every match in the environment; `hits` holds the first few, by name. */
  total: number;
  hits: SecretSummary[];
  /** Tag searches only: rows whose tags are not known yet (a names-only listing still filling in). */
  tagsUnknown: number;
}

export interface SecretSearch {
  query: Query;
  groups: SearchGroup[];
  /** Matches over every environment searched. */
  total: number;
  /** Environments listed (or listing), and not listed at all. */
  searched: number;
  unlisted: number;
}

/**
 * Searches every environment listed so far, across providers, with the precomputed index of
 * each: results follow the listings as they stream in and as tags are filled in. A tag search
 * asks for the tags a names-only listing lacks (in the background, bounded).
 */
export function useSecretSearch(text: string, perEnvironment: number): SecretSearch {
  const revision = useSecrets((s) => s.revision);
  const loads = useSecrets((s) => s.loads);
  const connections = useConnections((s) => s.connections);
  const environments = useConnections((s) => s.environments);
  const query = useMemo(() => parseQuery(text), [text]);

  const search = useMemo((): SecretSearch => {
    const groups: SearchGroup[] = [];
    let total = 0;
    let searched = 0;
    let unlisted = 0;
    for (const connection of connections) {
      for (const environment of environmentsOf(environments, connection.id)) {
        const load = loads[environment.id];
        const index = secretIndex(environment.id);
        if (!load || !index) {
          unlisted += 1;
          continue;
        }
        searched += 1;
        if (isEmptyQuery(query)) continue;
        const result = index.search(query, perEnvironment);
        total += result.total;
        const tagsUnknown = query.tags.length > 0 ? secretItems(environment.id).filter((item) => !item.metadataComplete).length : 0;
        groups.push({
          environmentId: environment.id,
          label: `${connection.name} / ${environment.name}`,
          separator: environment.nameMapping.separator,
          state: load.state,
          total: result.total,
          hits: [...result.hits].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
          tagsUnknown,
        });
      }
    }
    return { query, groups, total, searched, unlisted };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- revision: indexes grew or tags were filled in
  }, [query, perEnvironment, connections, environments, loads, revision]);

  const wantsTags = query.tags.length > 0;
  const needTags = search.groups.filter((group) => group.tagsUnknown > 0 && group.state === 'loaded').map((group) => group.environmentId);
  const needKey = needTags.join(',');
  useEffect(() => {
    if (!wantsTags || needKey === '') return;
    const { fillAll } = useSecrets.getState();
    for (const environmentId of needKey.split(',')) fillAll(environmentId, 'tags');
  }, [wantsTags, needKey]);

  return search;
}
