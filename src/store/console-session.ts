// The app's one device session and (when served by the emulator) hub service, bound to the store.
import { DeviceSession } from '../device/device-session.ts';
import { HubService } from '../device/hub-service.ts';

import { bindSession } from './bind-session.ts';
import { useConsoleStore } from './store.ts';

export const session = new DeviceSession();

let hubService: HubService | undefined;

export function getHubService(): HubService | undefined {
  return hubService;
}

/** Binds the session to the store and asks whether the emulator serves this page. */
export function startConsole(origin: string): () => void {
  const unbind = bindSession(session, useConsoleStore);
  void HubService.detect(origin).then((hub) => {
    hubService = hub;
    useConsoleStore.getState().setHubAvailability(hub ? 'emulator' : 'none', hub?.hostName);
  });
  return unbind;
}
