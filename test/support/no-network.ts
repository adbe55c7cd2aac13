/**
 * Test setup: the tests never reach the network. Any attempt to open a connection to anything but
 * loopback (or a Unix socket) throws and fails the test that made it — a credential check that quietly
 * fetched a context or a key would otherwise pass here and fail offline.
 */
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

type ConnectArgs = [unknown, ...unknown[]];

function targetOf(args: ConnectArgs): { host?: string; path?: string } {
  const [first] = args;
  if (Array.isArray(first)) {
    return targetOf(first as ConnectArgs);
  }
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string };
    return { host: options.host ?? 'localhost', ...(options.path ? { path: options.path } : {}) };
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) {
    return { path: first };
  }
  const host = args[1];
  return { host: typeof host === 'string' ? host : 'localhost' };
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs) {
  const { host, path } = targetOf(args);
  if (!path && host !== undefined && !LOOPBACK.has(host)) {
    throw new Error(
      `Network access in a test: a connection to ${host} was attempted. Tests must not use the network.`,
    );
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const originalFetch = globalThis.fetch;
globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (!LOOPBACK.has(url.hostname.replace(/^\[|\]$/g, ''))) {
    throw new Error(
      `Network access in a test: fetch(${url.origin}) was attempted. Tests must not use the network.`,
    );
  }
  return originalFetch(input, init);
}) as typeof fetch;
