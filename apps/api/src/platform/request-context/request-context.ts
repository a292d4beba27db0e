import { AsyncLocalStorage } from 'node:async_hooks';
import { spanBridge } from './span-bridge.js';

/** What every log line and audit event of a request carries; ids only, never tokens. */
export interface RequestContextStore {
  readonly requestId: string;
  readonly ip: string;
  /** W3C trace context of the caller, when it sent a valid `traceparent`. */
  readonly traceId?: string;
  readonly spanId?: string;
  /** Set by authentication once it knows who is calling (mutable for that reason). */
  userId?: string;
  sessionId?: string;
}

const storage = new AsyncLocalStorage<RequestContextStore>();

export const RequestContext = {
  run<T>(store: RequestContextStore, callback: () => T): T {
    return storage.run(store, callback);
  },
  current(): RequestContextStore | undefined {
    // With tracing on, requests enter their context through the span bridge (requestContextHook).
    return spanBridge()?.currentStore() ?? storage.getStore();
  },
  /** From here on, the request's log lines and audit events name this user and session. */
  identify(userId: string, sessionId: string): void {
    const store = RequestContext.current();
    if (store !== undefined) {
      store.userId = userId;
      store.sessionId = sessionId;
    }
  },
};
