// What the bench installs on the pages it measures.
import type { BareConnect, BarePublish, BarePublishResult } from './bare-page.ts';
import type { Probe } from './page-probe.ts';

declare global {
  interface Window {
    benchProbe: Probe;
    benchBare: {
      received: number;
      connect(o: BareConnect): Promise<void>;
      publish(o: BarePublish): Promise<BarePublishResult>;
    };
  }
}

export {};
