import { AsyncLocalStorage } from 'node:async_hooks';
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';

/**
 * @azure/keyvault-secrets 4.12 maps each list page to a new array and so drops the page's
 * continuationToken; without it, versions cannot be paged lazily across calls. The SecretClient
 * is given this HttpClient (the SDK's default one, wrapped), which reads `nextLink` from list
 * answers made inside `capturingNextLink`, where an async-local slot routes it to that caller.
 */
interface Slot {
  nextLink?: string;
}

const slots = new AsyncLocalStorage<Slot>();

export function nextLinkRecordingHttpClient(): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    async sendRequest(request) {
      const response = await inner.sendRequest(request);
      const slot = slots.getStore();
      if (slot && response.status === 200 && response.bodyAsText) {
        const nextLink = nextLinkOf(response.bodyAsText);
        if (nextLink !== undefined) slot.nextLink = nextLink;
        else delete slot.nextLink;
      }
      return response;
    },
  };
}

export async function capturingNextLink<T>(task: () => Promise<T>): Promise<{ result: T; nextLink?: string }> {
  const slot: Slot = {};
  const result = await slots.run(slot, task);
  return { result, ...(slot.nextLink !== undefined ? { nextLink: slot.nextLink } : {}) };
}

function nextLinkOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { nextLink?: unknown };
    return typeof parsed.nextLink === 'string' && parsed.nextLink !== '' ? parsed.nextLink : undefined;
  } catch {
    return undefined;
  }
}
