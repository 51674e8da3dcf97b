// The app's session port and (when served by the emulator) hub service, bound to the store.
import { HubService } from '../device/hub-service.ts';

import { bindPort } from './bind-port.ts';
import { defaultPort } from './default-port.ts';
import { useConsoleStore } from './store.ts';

let hubService: HubService | undefined;

export function getHubService(): HubService | undefined {
  return hubService;
}

/** Binds the session port to the store and asks whether the emulator serves this page. */
export function startConsole(origin: string): () => void {
  const unbind = bindPort(defaultPort(), useConsoleStore);
  void HubService.detect(origin).then((hub) => {
    hubService = hub;
    useConsoleStore
      .getState()
      .setHubAvailability(hub ? 'emulator' : 'none', hub?.hostName, hub?.eventHubConnectionString);
  });
  return unbind;
}
