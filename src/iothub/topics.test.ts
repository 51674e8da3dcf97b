import { describe, expect, it } from 'vitest';

import type { MessageProperties } from './property-bag.ts';
import {
  c2dFilter,
  c2dTopic,
  METHODS_FILTER,
  methodRequestTopic,
  methodResponseTopic,
  moduleInputsFilter,
  moduleInputTopic,
  telemetryTopic,
  TWIN_DESIRED_FILTER,
  TWIN_RESPONSE_FILTER,
  twinDesiredTopic,
  twinGetTopic,
  twinReportedTopic,
  twinResponseTopic,
} from './topics.ts';

const props: MessageProperties = {
  system: { messageId: 'm1', contentType: 'application/json' },
  application: { 'a b': '1/2' },
};
const BAG = '%24.mid=m1&%24.ct=application%2Fjson&a%20b=1%2F2';

describe('topic builders', () => {
  it.each([
    [telemetryTopic({ deviceId: 'd1' }), 'devices/d1/messages/events/'],
    [telemetryTopic({ deviceId: 'd1' }, props), `devices/d1/messages/events/${BAG}`],
    [
      telemetryTopic({ deviceId: 'd1', moduleId: 'm' }, props),
      `devices/d1/modules/m/messages/events/${BAG}`,
    ],
    [c2dTopic('d1'), 'devices/d1/messages/devicebound/'],
    [c2dTopic('d1', props), `devices/d1/messages/devicebound/${BAG}`],
    [c2dFilter('d1'), 'devices/d1/messages/devicebound/#'],
    [moduleInputsFilter('d1', 'm'), 'devices/d1/modules/m/inputs/#'],
    [moduleInputTopic('d1', 'm', 'in1', props), `devices/d1/modules/m/inputs/in1/${BAG}`],
    [twinGetTopic('42'), '$iothub/twin/GET/?$rid=42'],
    [twinReportedTopic('r-1'), '$iothub/twin/PATCH/properties/reported/?$rid=r-1'],
    [twinResponseTopic(200, '3'), '$iothub/twin/res/200/?$rid=3'],
    [twinResponseTopic(204, '4', 2), '$iothub/twin/res/204/?$rid=4&$version=2'],
    [twinDesiredTopic(8), '$iothub/twin/PATCH/properties/desired/?$version=8'],
    [methodRequestTopic('getMaxMinReport', '1'), '$iothub/methods/POST/getMaxMinReport/?$rid=1'],
    [methodResponseTopic(404, '1'), '$iothub/methods/res/404/?$rid=1'],
    [TWIN_RESPONSE_FILTER, '$iothub/twin/res/#'],
    [TWIN_DESIRED_FILTER, '$iothub/twin/PATCH/properties/desired/#'],
    [METHODS_FILTER, '$iothub/methods/POST/#'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});
