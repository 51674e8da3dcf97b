// Consumer groups of the built-in endpoint. On Azure they are created through Azure Resource
// Manager (`az iot hub consumer-group create`; Microsoft Learn, "Read device-to-cloud messages from
// the built-in endpoint"); the emulator has no ARM, so it offers these routes under /emulator/.
// Names follow Event Hubs' rule: 1-50 letters, digits, '.', '-', '_', starting and ending with a
// letter or digit.

import { DEFAULT_CONSUMER_GROUP } from '../store/consumer-groups-store.ts';

import type { ApiDeps } from './deps.ts';
import { errorReply } from './http.ts';
import type { Route } from './router.ts';

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,48}[A-Za-z0-9])?$/;

export function eventHubRoutes(deps: ApiDeps): Route[] {
  const groups = deps.ctx.store.consumerGroups;
  return [
    {
      method: 'GET',
      path: '/emulator/consumerGroups',
      right: 'RegistryRead',
      handle: () => ({ status: 200, body: groups.list() }),
    },
    {
      method: 'PUT',
      path: '/emulator/consumerGroups/:name',
      right: 'RegistryWrite',
      handle: (r) => {
        const name = r.params.name ?? '';
        if (name.toLowerCase() === DEFAULT_CONSUMER_GROUP.toLowerCase())
          return { status: 200, body: { name: DEFAULT_CONSUMER_GROUP } };
        if (!NAME.test(name))
          return errorReply(
            'ArgumentInvalid',
            `Consumer group name '${name}' must be 1-50 letters, digits, '.', '-' or '_', starting and ending with a letter or digit.`,
          );
        return { status: groups.create(name, Date.now()) ? 201 : 200, body: { name } };
      },
    },
    {
      method: 'DELETE',
      path: '/emulator/consumerGroups/:name',
      right: 'RegistryWrite',
      handle: (r) => {
        const name = r.params.name ?? '';
        if (name.toLowerCase() === DEFAULT_CONSUMER_GROUP.toLowerCase())
          return errorReply(
            'ArgumentInvalid',
            `The ${DEFAULT_CONSUMER_GROUP} group cannot be deleted.`,
          );
        return groups.remove(name)
          ? { status: 204 }
          : errorReply('ArgumentInvalid', `No consumer group '${name}'.`, { status: 404 });
      },
    },
  ];
}
