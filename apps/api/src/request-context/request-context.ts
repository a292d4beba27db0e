import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of a request carries; ids only, never tokens. */
export interface RequestContextStore {
  readonly requestId: string;
  readonly ip: string;
}

const storage = new AsyncLocalStorage<RequestContextStore>();

export const RequestContext = {
  run<T>(store: RequestContextStore, callback: () => T): T {
    return storage.run(store, callback);
  },
  current(): RequestContextStore | undefined {
    return storage.getStore();
  },
};
