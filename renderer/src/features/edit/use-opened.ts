import { useCallback, useEffect, useState } from 'react';
import type { Output } from '../../../../shared/ipc/channel';
import type { AppContract } from '../../../../shared/ipc/contract';
import { api } from '../../api';
import { explain, shownError } from '../../errors';

export type Opened = Output<AppContract, 'edit:open'>;

/** The secret as main sees it now (version, field names, what the provider can change): no value. */
export function useOpened(environmentId: string, name: string) {
  const [opened, setOpened] = useState<Opened | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fetchOpened = useCallback(
    () =>
      api.edit.open({ environmentId, name }).then(
        (answer) => {
          setOpened(answer);
          setError(null);
          return answer;
        },
        (caught: unknown) => {
          setError(explain(shownError(caught)));
          return null;
        },
      ),
    [environmentId, name],
  );
  useEffect(() => {
    let live = true;
    api.edit.open({ environmentId, name }).then(
      (answer) => live && setOpened(answer),
      (caught: unknown) => live && setError(explain(shownError(caught))),
    );
    return () => {
      live = false;
    };
  }, [environmentId, name]);
  return { opened, error, reload: fetchOpened };
}
