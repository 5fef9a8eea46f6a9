import { useEffect, useState } from 'react';
import type { NativeInfo } from '../../../../shared/ipc/channels/rotation';
import { api } from '../../api';
import { explain, shownError } from '../../errors';

interface Read {
  /** The secret the answer is for: a name typed since shows nothing stale. */
  key: string;
  info: NativeInfo | null;
  error: string | null;
}

const NOTHING: Read = { key: '', info: null, error: null };

/**
 * Where AWS rotation stands for the secret being planned (rotation:nativeInfo), read once the
 * name settles. Null info for other providers, an empty name, or a channel main does not answer yet.
 */
export function useNativeInfo(environmentId: string, name: string, aws: boolean) {
  const key = `${environmentId}\n${name.trim()}`;
  const [read, setRead] = useState<Read>(NOTHING);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    const trimmed = name.trim();
    if (!aws || environmentId === '' || trimmed === '') return;
    let live = true;
    const timer = setTimeout(() => {
      api.rotation
        .nativeInfo({ environmentId, name: trimmed })
        .then((info) => live && setRead({ key, info, error: null }))
        .catch((caught: unknown) => {
          const error = shownError(caught);
          // A name still being typed is not found: the start says so if it is sent that way.
          const quiet = error.code === 'UNSUPPORTED' || error.code === 'NOT_FOUND';
          if (live) setRead({ key, info: null, error: quiet ? null : explain(error) });
        });
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [aws, environmentId, name, key, nonce]);

  const current = aws && read.key === key ? read : NOTHING;
  return {
    info: current.info,
    error: current.error,
    /** Takes main's answer to an action that changed it (rotation:cleanPending answers NativeInfo). */
    replace: (info: NativeInfo) => setRead({ key, info, error: null }),
    reload: () => setNonce((n) => n + 1),
  };
}
