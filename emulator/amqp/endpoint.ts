// Routes each attached AMQP link to its handler (Microsoft Learn, "Communicate with your IoT hub
// by using the AMQP Protocol"; "Read device-to-cloud messages from the built-in endpoint").

import type { Receiver, Sender } from 'rhea';

import type { HubContext } from '../context.ts';
import type { C2dFeature } from '../features/c2d.ts';
import type { FeedbackQueue, FileNotificationQueue } from '../features/feedback.ts';
import { FILE_NOTIFICATION_TYPE } from '../files/upload.ts';
import type { DeviceInbound } from '../link/device-inbound.ts';
import type { Sessions } from '../sessions.ts';

import { createDeviceLinks } from './device-links.ts';
import { checkPartition, partitionReceiverLink, type EventHubInfo } from './event-hubs.ts';
import { amqpError } from './links.ts';
import { managementLink } from './management.ts';
import { redirectToEventHub, type RedirectTarget } from './redirect.ts';
import { createAmqpServer, type LinkRoute } from './server.ts';
import { c2dSendLink, feedbackLink, hasServiceClaim } from './service.ts';

export type AmqpEndpointDeps = {
  ctx: HubContext;
  c2d: C2dFeature;
  feedback: FeedbackQueue;
  /** File upload notifications (content type application/vnd.microsoft.iothub.filenotification.json). */
  fileNotifications: FileNotificationQueue;
  eventHub: EventHubInfo;
  sessions: Sessions;
  inbound: DeviceInbound;
  /** Where the Event Hubs-compatible endpoint listens, for the `messages/events` redirect. */
  redirectTarget?: () => RedirectTarget | undefined;
};

export function createAmqpEndpoint(deps: AmqpEndpointDeps) {
  const { ctx } = deps;
  const deviceRoute = createDeviceLinks(deps);
  const route: LinkRoute = (address, link, state) => {
    const wrongDirection = () => ({
      error: amqpError('amqp:not-allowed', `Wrong link direction for this address`),
    });
    switch (address.kind) {
      case 'service-c2d':
        return link.is_receiver()
          ? c2dSendLink(ctx, deps.c2d, state, link as Receiver)
          : wrongDirection();
      case 'feedback':
        return link.is_sender()
          ? feedbackLink(ctx, deps.feedback, state, link as Sender)
          : wrongDirection();
      case 'events-redirect':
        return redirectToEventHub(deps.eventHub, deps.redirectTarget?.());
      case 'file-notifications':
        return link.is_sender()
          ? feedbackLink(ctx, deps.fileNotifications, state, link as Sender, FILE_NOTIFICATION_TYPE)
          : wrongDirection();
      case 'management':
        return link.is_receiver() ? managementLink(ctx, deps.eventHub, state) : wrongDirection();
      case 'partition': {
        if (!link.is_sender()) return wrongDirection();
        const error = checkPartition(ctx, deps.eventHub, address);
        if (error) return { error };
        return partitionReceiverLink(
          ctx,
          deps.eventHub,
          Number(address.partition),
          link as Sender,
          hasServiceClaim(state),
        );
      }
      case 'device-events':
      case 'device-c2d':
      case 'device-twin':
      case 'device-methods':
        return deviceRoute(address, link, state);
      default:
        return {
          error: amqpError(
            'amqp:not-found',
            `IoT Hub has no AMQP node '${address.kind === 'unknown' ? address.address : address.kind}'`,
          ),
        };
    }
  };
  return createAmqpServer(ctx, route);
}
