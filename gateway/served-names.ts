// The names and origins the console and gateway are reached under when both are served by one
// server (`npm start`): loopback names and the hub's host name, on the HTTP and HTTPS ports, with
// the default port left out as browsers leave it out of Host and Origin.

export function servedNames(
  hostNames: readonly string[],
  ports: { http?: number; https?: number },
): { hosts: string[]; origins: string[] } {
  const hosts: string[] = [];
  const origins: string[] = [];
  const add = (scheme: 'http' | 'https', port: number | undefined, defaultPort: number) => {
    if (port === undefined || port === 0) return;
    for (const name of hostNames) {
      const host = port === defaultPort ? name : `${name}:${port}`;
      hosts.push(host);
      origins.push(`${scheme}://${host}`);
    }
  };
  add('http', ports.http, 80);
  add('https', ports.https, 443);
  return { hosts, origins };
}
