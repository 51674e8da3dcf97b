// Shared access signatures for Azurite's well-known development account (Microsoft Learn, "Use
// the Azurite emulator for local Azure Storage development", "Well-known storage account and
// key"; "Create a service SAS" and "Create an account SAS", string-to-sign for versions
// 2018-11-09 to 2020-10-02).

import { createHmac } from 'node:crypto';

export const ACCOUNT = 'devstoreaccount1';
export const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const VERSION = '2020-10-02';

const sign = (text: string) =>
  createHmac('sha256', Buffer.from(ACCOUNT_KEY, 'base64')).update(text, 'utf8').digest('base64');
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A blob service SAS (`sr=b`) as a query string starting with `?`, as IoT Hub hands devices. */
export function blobSas(container: string, blob: string, permissions: string, expiryMs: number) {
  const se = isoSeconds(expiryMs);
  const resource = `/blob/${ACCOUNT}/${container}/${blob}`;
  // sp, st, se, resource, si, sip, spr, sv, sr, snapshot, rscc, rscd, rsce, rscl, rsct
  const text = [permissions, '', se, resource, '', '', '', VERSION, 'b', '', '', '', '', '', ''];
  const q = new URLSearchParams({ sv: VERSION, sr: 'b', sp: permissions, se });
  q.set('sig', sign(text.join('\n')));
  return `?${q.toString()}`;
}

/** An account SAS for creating containers (`ss=b`, `srt=c`). */
export function containerCreateSas(expiryMs: number): string {
  const se = isoSeconds(expiryMs);
  // accountname, sp, ss, srt, st, se, sip, spr, sv, and a trailing newline
  const text = `${[ACCOUNT, 'c', 'b', 'c', '', se, '', '', VERSION].join('\n')}\n`;
  const q = new URLSearchParams({ sv: VERSION, ss: 'b', srt: 'c', sp: 'c', se });
  q.set('sig', sign(text));
  return q.toString();
}
