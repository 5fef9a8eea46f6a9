import type { RotationView } from '../../../../../shared/ipc/channels/rotation';

/** What a bulk asks of a native (RotateSecret) rotation: started for one item. */
export interface NativeStartRequest {
  secret: { environmentId: string; name: string };
  immediately: boolean;
  code?: string;
  reason?: string;
  bulkId?: string;
  /**
   * The bulk checked one fresh code for all its protected items at its start: the native service
   * skips its own per-item code check (and only that check) when this is true.
   */
  preAuthorised?: boolean;
}

/**
 * The part of the native rotation service (rotation/native, helper C2) a bulk depends on, declared
 * here so the bulk compiles on its own. `start` answers once RotateSecret is sent (status running);
 * `settled` answers once the rotation is completed, failed, cancelled or interrupted.
 */
export interface NativeRotations {
  start(request: NativeStartRequest): Promise<RotationView>;
  settled(id: string, signal?: AbortSignal): Promise<RotationView>;
}
