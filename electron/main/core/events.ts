import type { EventPayload } from '../../../shared/ipc/channel';
import type { AppEvents } from '../../../shared/ipc/contract';

/** Sends an event to the renderer; the binding validates it against the events schema first. */
export type EmitEvent = <K extends keyof AppEvents & string>(event: K, payload: EventPayload<AppEvents, K>) => void;
