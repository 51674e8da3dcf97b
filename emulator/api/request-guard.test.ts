import { describe, expect, it } from 'vitest';

import {
  hostNameOf,
  isAllowedHost,
  isAllowedOrigin,
  isIpLiteral,
  ownOrigins,
  requestOrigin,
} from './request-guard.ts';

describe('isAllowedHost', () => {
  const names = ['myhub.example', '.lab.test'];

  it('answers localhost, *.localhost and IP literals with or without a port', () => {
    for (const host of [
      'localhost',
      'LOCALHOST:8080',
      'console.localhost:8080',
      '127.0.0.1:8080',
      '127.1.2.3',
      '[::1]:8080',
      '[::ffff:127.0.0.1]',
      '192.168.1.20:8080',
      'localhost.',
    ])
      expect(isAllowedHost(host, names), host).toBe(true);
  });

  it('answers the listed names and subdomains of a leading-dot entry', () => {
    expect(isAllowedHost('myhub.example:443', names)).toBe(true);
    expect(isAllowedHost('MyHub.Example', names)).toBe(true);
    expect(isAllowedHost('lab.test', names)).toBe(true);
    expect(isAllowedHost('a.b.lab.test:8080', names)).toBe(true);
  });

  it('refuses other names, look-alikes, and missing or malformed hosts', () => {
    for (const host of [
      'evil.example',
      'evil.example:8080',
      'localhost.evil.example',
      'myhub.example.evil.example',
      'notlab.test',
      '127.0.0.1.evil.example',
      '1.2.3.4.5',
      '',
      'localhost:8080:1',
      'user@localhost',
      'localhost/x',
      '[::1',
      'local host',
    ])
      expect(isAllowedHost(host, names), host).toBe(false);
    expect(isAllowedHost(undefined, names)).toBe(false);
  });
});

describe('hostNameOf and isIpLiteral', () => {
  it('strips port, brackets and the trailing dot', () => {
    expect(hostNameOf('[::1]:443')).toBe('::1');
    expect(hostNameOf('Example.COM.:80')).toBe('example.com');
    expect(hostNameOf('a:b:c')).toBeUndefined();
  });
  it('tells IP literals from names', () => {
    expect(isIpLiteral('10.0.0.1')).toBe(true);
    expect(isIpLiteral('256.0.0.1')).toBe(false);
    expect(isIpLiteral('fe80::1')).toBe(true);
    expect(isIpLiteral('dead:beef')).toBe(false);
    expect(isIpLiteral('cafe.example')).toBe(false);
  });
});

describe('isAllowedOrigin', () => {
  const allowed = ['http://localhost:8080', 'https://myhub.example'];

  it('lets requests without Origin through (SDKs, curl)', () => {
    expect(isAllowedOrigin(undefined, allowed)).toBe(true);
  });

  it('matches serialized origins exactly, default ports and case normalized', () => {
    expect(isAllowedOrigin('http://localhost:8080', allowed)).toBe(true);
    expect(isAllowedOrigin('HTTPS://MYHUB.EXAMPLE:443', allowed)).toBe(true);
    expect(isAllowedOrigin('http://localhost:8081', allowed)).toBe(false);
    expect(isAllowedOrigin('https://localhost:8080', allowed)).toBe(false);
    expect(isAllowedOrigin('http://evil.example', allowed)).toBe(false);
  });

  it('refuses opaque and non-http origins', () => {
    expect(isAllowedOrigin('null', [...allowed, 'null'])).toBe(false);
    expect(isAllowedOrigin('file://', allowed)).toBe(false);
    expect(isAllowedOrigin('chrome-extension://abc', allowed)).toBe(false);
  });
});

describe('ownOrigins and requestOrigin', () => {
  it('covers the console port and the TLS port for each served name', () => {
    const origins = ownOrigins(['myhub.example', '0.0.0.0', '.lab.test'], {
      http: 8080,
      https: 443,
    });
    expect(origins).toContain('http://localhost:8080');
    expect(origins).toContain('https://localhost');
    expect(origins).toContain('http://[::1]:8080');
    expect(origins).toContain('http://myhub.example:8080');
    expect(origins.some((o) => o.includes('0.0.0.0') || o.includes('lab.test'))).toBe(false);
  });
  it('builds the origin a request was sent to', () => {
    expect(requestOrigin(false, 'localhost:80')).toBe('http://localhost');
    expect(requestOrigin(true, 'LocalHost:8443')).toBe('https://localhost:8443');
  });
});
