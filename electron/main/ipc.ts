import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { ERROR_MESSAGES } from '../../shared/errors';
import type { Dispatch } from '../../shared/ipc/bind';
import { events as eventSchemas, type AppEvents } from '../../shared/ipc/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/ipc/transport';
import type { InvokeResult } from '../../shared/ipc/result';
import type { EmitEvent } from './core/events';
import type { Logger } from './core/logger';
import { isAllowedSender } from './sender-check';

const FORBIDDEN: InvokeResult = { ok: false, error: { code: 'FORBIDDEN_SENDER', message: ERROR_MESSAGES.FORBIDDEN_SENDER } };

/**
 * Electron's binding of the contract: every invoke passes the sender check (null or sub-frame
 * sender, foreign origin, another window) before the shared dispatch validates its payload.
 */
export function bindIpc(ipcMain: IpcMain, dispatch: Dispatch, window: () => WebContents | null, logger: Logger): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, channel: unknown, payload: unknown) => {
    const ours = window();
    const frame = event.senderFrame;
    const allowed = isAllowedSender({
      frameUrl: frame ? frame.url : null,
      isMainFrame: frame !== null && ours !== null && frame === ours.mainFrame,
      isOurWindow: ours !== null && event.sender === ours,
    });
    if (!allowed) {
      logger.log('warn', 'ipc.sender_refused', { channel: typeof channel === 'string' ? channel : '?' });
      return FORBIDDEN;
    }
    const controller = new AbortController();
    const onGone = () => controller.abort();
    event.sender.once('destroyed', onGone);
    try {
      return await dispatch(channel, payload, { signal: controller.signal });
    } finally {
      event.sender.removeListener('destroyed', onGone);
    }
  });
}

/** Events are validated against their schema before they leave main. */
export function createEmitter(window: () => WebContents | null, logger: Logger): EmitEvent {
  return (event, payload) => {
    const schema = eventSchemas[event as keyof AppEvents];
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      logger.log('error', 'ipc.event_invalid', { channel: event });
      return;
    }
    const target = window();
    if (target && !target.isDestroyed()) target.send(EVENT_CHANNEL, event, parsed.data);
  };
}
