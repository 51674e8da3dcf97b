// "Copy as az iot command" and "Copy as curl" for each hub panel action (issue 8, "Copy and
// export"): the same request the panel would make, for a user to repeat outside the console.
// The builders are pure (src/iothub/service-commands.ts); no key ever reaches the clipboard.
import { CopyMenu, type CopyEntry } from '../../components/record-actions.tsx';
import type { ServiceTarget } from '../../device/hub-service.ts';
import { API_VERSION } from '../../iothub/mqtt-connect.ts';
import {
  c2dAzCommand,
  c2dCurlCommand,
  desiredAzCommand,
  desiredCurlCommand,
  getTwinAzCommand,
  getTwinCurlCommand,
  methodAzCommand,
  methodCurlCommand,
  type C2dCommand,
  type CommandHub,
  type MethodCommand,
} from '../../iothub/service-commands.ts';
import { getHubService } from '../../store/console-session.ts';

function commandHub(): CommandHub | undefined {
  const hub = getHubService();
  return hub && { hostName: hub.hostName, baseUrl: hub.baseUrl, apiVersion: API_VERSION };
}

export type HubAction =
  | { kind: 'c2d'; message: () => C2dCommand }
  | { kind: 'method'; call: () => MethodCommand }
  | { kind: 'desired'; patch: () => Record<string, unknown> | undefined };

function entries(action: HubAction, target: ServiceTarget): CopyEntry[] {
  const hub = commandHub();
  if (!hub) return [];
  const entry = (label: string, make: () => string | undefined): CopyEntry[] =>
    make() === undefined ? [] : [{ label, text: () => make() ?? '' }];
  switch (action.kind) {
    case 'c2d':
      return [
        ...entry('Copy as az iot command', () => c2dAzCommand(hub, target, action.message())),
        ...entry('Copy as curl', () => c2dCurlCommand(hub, target, action.message())),
      ];
    case 'method':
      return [
        {
          label: 'Copy as az iot command',
          text: () => methodAzCommand(hub, target, action.call()),
        },
        { label: 'Copy as curl', text: () => methodCurlCommand(hub, target, action.call()) },
      ];
    case 'desired': {
      const patch = action.patch();
      return [
        ...(patch
          ? [
              { label: 'Copy as az iot command', text: () => desiredAzCommand(hub, target, patch) },
              { label: 'Copy as curl', text: () => desiredCurlCommand(hub, target, patch) },
            ]
          : []),
        { label: 'Copy get twin as az iot command', text: () => getTwinAzCommand(hub, target) },
        { label: 'Copy get twin as curl', text: () => getTwinCurlCommand(hub, target) },
      ];
    }
  }
}

export function CopyCommand({
  action,
  target,
  label,
}: {
  action: HubAction;
  target: ServiceTarget | undefined;
  /** Accessible name, e.g. "Copy C2D command". */
  label: string;
}) {
  if (!target) return null;
  return (
    <CopyMenu entries={() => entries(action, target)} label={label} buttonText="Copy command" />
  );
}
