// The REST service API (spec §8): SAS-authorized routes, IoT Hub error replies, CORS for the
// console's origins (the Host/Origin guard runs before, in http-server.ts). Any api-version is accepted (and ignored).

import type { IncomingMessage, ServerResponse } from 'node:http';

import { authenticateDeviceToken, authorizeService, type DeviceAuth } from '../auth.ts';
import { dpsRoutes } from '../dps/routes.ts';
import { RegistryError } from '../registry.ts';
import { authenticateX509 } from '../x509/authenticate.ts';
import { peerChain } from '../x509/peer.ts';
import { certificateRoutes } from '../x509/routes.ts';

import type { ApiDeps } from './deps.ts';
import { deviceRoutes } from './device-routes.ts';
import { digitalTwinRoutes } from './digital-twin-routes.ts';
import { emulatorRoutes } from './emulator-routes.ts';
import { eventHubRoutes } from './event-hub-routes.ts';
import { faultRoutes } from './fault-routes.ts';
import { fileRoutes } from './file-routes.ts';
import { corsHeaders, errorReply, send } from './http.ts';
import { jobRoutes } from './job-routes.ts';
import { queryRoutes } from './query-routes.ts';
import { registryRoutes } from './registry-routes.ts';
import { compileRoutes, matchRoute } from './router.ts';
import { serviceRoutes } from './service-routes.ts';
import { twinRoutes } from './twin-routes.ts';

/** Returns a handler that answers API paths and returns false for anything else. */
export function createApi(deps: ApiDeps) {
  const routes = compileRoutes([
    ...registryRoutes(deps),
    ...twinRoutes(deps),
    ...queryRoutes(deps),
    ...jobRoutes(deps.jobs),
    ...digitalTwinRoutes(deps),
    ...fileRoutes(deps.files),
    ...serviceRoutes(deps),
    ...deviceRoutes(deps),
    ...emulatorRoutes(deps),
    ...faultRoutes(deps),
    ...eventHubRoutes(deps),
    ...certificateRoutes(deps.ctx),
    ...dpsRoutes(deps.ctx, deps.dps),
  ]);

  return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://hub');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const isBootstrap = path === '/emulator/bootstrap';
    const cors = isBootstrap ? {} : corsHeaders(req);
    if (method === 'OPTIONS') {
      const probe = matchRoute(routes, 'GET', path) ?? matchRoute(routes, 'POST', path);
      if (!probe) return false;
      res.writeHead(204, cors);
      res.end();
      return true;
    }
    const match = matchRoute(routes, method, path);
    if (!match) return false;
    if (!('route' in match)) {
      send(
        res,
        {
          ...errorReply('ArgumentInvalid', `${method} is not supported on ${path}.`, {
            status: 405,
          }),
          headers: { allow: match.allowed.join(', ') },
        },
        cors,
      );
      return true;
    }
    const { route, params } = match;
    try {
      let device: DeviceAuth | undefined;
      if (route.right === 'device') {
        const id = { deviceId: params.id ?? '', ...(params.mid ? { moduleId: params.mid } : {}) };
        // No Authorization header but a TLS client certificate: an X.509 device (spec §1.12).
        const certificates = req.headers.authorization ? undefined : peerChain(req.socket);
        const auth = certificates
          ? authenticateX509(deps.ctx, id, certificates)
          : await authenticateDeviceToken(deps.ctx, id, req.headers.authorization);
        if (!auth.ok) {
          // An unknown identity is 404 over HTTPS (azure-iot-sdk-node e2etests/test/
          // authentication.js: "HTTP to DeviceNotFound"); every other refusal is 401 (spec §1.6).
          const name =
            auth.error.reason === 'unknown-identity'
              ? 'DeviceNotFound'
              : 'IotHubUnauthorizedAccess';
          send(res, errorReply(name, auth.error.detail), cors);
          return true;
        }
        device = auth.value;
      } else if (route.right !== 'loopback' && route.right !== 'none') {
        let token = req.headers.authorization;
        if (token === undefined && route.tokenInQuery)
          token = url.searchParams.get('authorization') ?? undefined;
        const denied = await authorizeService(deps.ctx, token, route.right);
        if (denied) {
          send(res, errorReply('IotHubUnauthorizedAccess', denied), cors);
          return true;
        }
      }
      const reply = await route.handle({
        req,
        res,
        params,
        query: url.searchParams,
        ...(device ? { device } : {}),
      });
      if (reply) send(res, reply, cors);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return true;
      }
      if (e instanceof RegistryError) {
        send(res, errorReply(e.hubError, e.message, e.info ? { info: e.info } : {}), cors);
      } else {
        deps.ctx.log(`REST ${method} ${path} failed: ${e instanceof Error ? e.stack : String(e)}`);
        send(
          res,
          errorReply('ServerError', 'The emulator hit an internal error; see its log.'),
          cors,
        );
      }
    }
    return true;
  };
}
