// Direct methods (spec §3.4, §5): a service call becomes a method request on the device's link
// (MQTT `$iothub/methods/POST/{name}/?$rid=`), the device's response with that rid answers it. Not connected within
// connectTimeoutInSeconds → 404103; no answer within responseTimeoutInSeconds → 504101.

import { RegistryError } from '../registry.ts';
import type { Session, Sessions } from '../sessions.ts';

export type MethodCall = {
  deviceId: string;
  moduleId?: string;
  methodName: string;
  payload: unknown;
  responseTimeoutInSeconds: number;
  connectTimeoutInSeconds: number;
};

export type MethodResult = { status: number; payload: unknown };

type Pending = {
  session: Session;
  resolve: (r: MethodResult) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
};

/** Seconds as a .NET TimeSpan, `hh:mm:ss`: the hub's `info.timeout` of 404103 (spec §5). */
export const timeSpan = (seconds: number): string =>
  [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');

export function createMethodsFeature(sessions: Sessions) {
  const pending = new Map<string, Pending>();
  let nextRid = 1;

  /** Resolves with a session subscribed to methods, waiting up to `seconds` for one (§5). */
  function waitForListener(
    deviceId: string,
    moduleId: string | undefined,
    seconds: number,
  ): Promise<Session> {
    const ready = () => {
      const s = sessions.get(deviceId, moduleId);
      return s && s.link.receives('methods') !== undefined ? s : undefined;
    };
    const now = ready();
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const check = () => {
        const s = ready();
        if (s) finish(() => resolve(s));
      };
      const finish = (then: () => void) => {
        clearTimeout(timer);
        sessions.events.off('subscribed', check);
        sessions.events.off('online', check);
        then();
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              new RegistryError('DeviceNotOnline', 'Timed out waiting for device to connect.', {
                timeout: timeSpan(seconds),
              }),
            ),
          ),
        seconds * 1000,
      );
      sessions.events.on('subscribed', check);
      sessions.events.on('online', check);
    });
  }

  async function invoke(call: MethodCall): Promise<MethodResult> {
    const session = await waitForListener(
      call.deviceId,
      call.moduleId,
      call.connectTimeoutInSeconds,
    );
    // The real hub uses a small decimal counter as $rid (spec §3.4 trace); devices treat it as opaque.
    const rid = (nextRid++).toString();
    return new Promise<MethodResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(rid);
        reject(
          new RegistryError('GatewayTimeout', 'Timed out waiting for the response from device.'),
        );
      }, call.responseTimeoutInSeconds * 1000);
      pending.set(rid, { session, resolve, reject, timer });
      const body = call.payload === undefined ? '' : JSON.stringify(call.payload);
      session.link.methodRequest(call.methodName, rid, body);
    });
  }

  /** The device answered; an unknown or late $rid is ignored (spec §3.5 [EMU]). */
  function respond(session: Session, rid: string, status: number, body: Buffer): void {
    const call = pending.get(rid);
    if (!call || call.session !== session) return;
    pending.delete(rid);
    clearTimeout(call.timer);
    const text = body.toString('utf8');
    let payload: unknown = null;
    if (text.trim() !== '') {
      try {
        payload = JSON.parse(text);
      } catch {
        // Non-JSON device answers are passed on as a string (hub behaviour UNCONFIRMED, §Appendix B).
        payload = text;
      }
    }
    call.resolve({ status, payload });
  }

  /** A device that goes away mid-call fails its calls at once ("Device unavailable", spec §5). */
  function offline(session: Session): void {
    for (const [rid, call] of pending) {
      if (call.session !== session) continue;
      pending.delete(rid);
      clearTimeout(call.timer);
      call.reject(
        new RegistryError(
          'DeviceNotOnline',
          'Device unavailable: it disconnected before answering.',
        ),
      );
    }
  }
  sessions.events.on('offline', offline);

  return {
    invoke,
    respond,
    close() {
      sessions.events.off('offline', offline);
      for (const call of pending.values()) {
        clearTimeout(call.timer);
        call.reject(new RegistryError('ServerError', 'The hub is shutting down.'));
      }
      pending.clear();
    },
  };
}

export type MethodsFeature = ReturnType<typeof createMethodsFeature>;
