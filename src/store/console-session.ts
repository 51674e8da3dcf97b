// The app's session port and hub service, bound to the store: the emulator's when it serves this
// page, or a real hub's through the service gateway once the user pastes a service connection
// string into the hub panel (docs/gateway.md). The key never reaches the store or any storage.
import type { GatewayHubService, GatewayLink } from '../device/gateway-hub-service.ts';
import { HubService } from '../device/hub-service.ts';

import { bindPort } from './bind-port.ts';
import { defaultPort } from './default-port.ts';
import { useConsoleStore } from './store.ts';

// The gateway's client loads after the first screen (docs/benchmarks.md, initial JavaScript).
const gatewayModule = () => import('../device/gateway-hub-service.ts');

let emulatorService: HubService | undefined;
let gatewayLink: GatewayLink | undefined;
let gatewayService: GatewayHubService | undefined;

export function getHubService(): HubService | undefined {
  return gatewayService ?? emulatorService;
}

/**
 * Where the gateway is: `?gateway=http://localhost:8090` when the console is served from a static
 * host beside `npm run gateway`, else this page's own origin (`npm start` mounts it there).
 */
export function gatewayBase(origin: string, search: string): string {
  const asked = new URLSearchParams(search).get('gateway');
  if (!asked) return origin;
  try {
    const url = new URL(asked);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : origin;
  } catch {
    return origin;
  }
}

/** Binds the session port to the store and asks whether the emulator and a gateway serve it. */
export function startConsole(origin: string, search = ''): () => void {
  const unbind = bindPort(defaultPort(), useConsoleStore);
  void HubService.detect(origin).then((hub) => {
    emulatorService = hub;
    const state = useConsoleStore.getState();
    state.setHubAvailability(
      hub ? 'emulator' : 'none',
      gatewayService ? state.hub.hostName : hub?.hostName,
      hub?.eventHubConnectionString,
    );
  });
  void gatewayModule()
    .then((m) => m.GatewayHubService.detectGateway(gatewayBase(origin, search)))
    .then((link) => {
      gatewayLink = link;
      useConsoleStore.getState().setGatewayAvailable(link !== undefined);
    });
  return unbind;
}

/** Acts on the hub of a pasted service connection string, through the gateway. */
export async function actOnGatewayHub(o: {
  connectionString: string;
  eventHubConnectionString?: string;
  consumerGroup: string;
}): Promise<void> {
  if (!gatewayLink) throw new Error('No service gateway answers this page.');
  const store = useConsoleStore.getState();
  const { GatewayHubService } = await gatewayModule();
  const next = await GatewayHubService.open(gatewayLink, o, (note) =>
    useConsoleStore.getState().setTelemetryNote(note),
  );
  await gatewayService?.close();
  gatewayService = next;
  store.setHubTarget('gateway', next.hostName, next.consumerGroup);
}

/** Back to the emulator serving this page; the gateway forgets the key. */
export async function actOnEmulatorHub(): Promise<void> {
  const closing = gatewayService;
  gatewayService = undefined;
  await closing?.close();
  useConsoleStore.getState().setHubTarget('emulator', emulatorService?.hostName);
}
