import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { WebhookError } from './errors';

/**
 * Where webhooks may go (server-side request forgery): a subscriber names a URL and this system
 * posts to it from inside the network, so a URL aimed at loopback, a private or link-local
 * range or a cloud metadata address would turn the dispatcher into a probe of the inside. Such
 * targets are refused when subscribing and again at every delivery, on the address the
 * connection actually uses (a name that resolved to a public address yesterday may resolve to
 * 127.0.0.1 today). `allowPrivate` (`WEBHOOK_ALLOW_PRIVATE_TARGETS=true`) lifts the address
 * rules for development and tests with a local receiver; the scheme rule always holds.
 */
export type TargetPolicy = Readonly<{ allowPrivate: boolean }>;

export const strictTargets: TargetPolicy = { allowPrivate: false };

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local (AWS metadata fd00:ec2::254 included)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** Names that mean this host or a metadata service, whatever DNS says. */
const BLOCKED_NAMES =
  /^(localhost|metadata|metadata\.google\.internal|metadata\.goog|instance-data)$|\.localhost$/;

/** An IPv4 address inside an IPv6 one (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`), if any. */
function embeddedIpv4(address: string): string | undefined {
  const match = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (match) return match[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex?.[1] || !hex[2]) return undefined;
  const [high, low] = [Number.parseInt(hex[1], 16), Number.parseInt(hex[2], 16)];
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** Why an address may not be a webhook target, or null when it may. */
export function refusedAddress(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== undefined) return refusedAddress(v4);
  }
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6')
    ? `${address} is a loopback, private, link-local, metadata or reserved address`
    : null;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** The refusal for a URL's scheme and literal host (no DNS), or null. */
export function refusedUrl(url: URL, policy: TargetPolicy): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `the scheme ${url.protocol} is not http(s)`;
  if (policy.allowPrivate) return null;
  const host = hostOf(url);
  if (BLOCKED_NAMES.test(host)) return `${host} names this host or a metadata service`;
  return isIP(host) ? refusedAddress(host) : null;
}

const resolveAll = (host: string) =>
  new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

/**
 * At subscribe time: the scheme, the literal host, and every address the name resolves to now.
 * A name that does not resolve (yet) is accepted: delivery checks it again on connecting.
 */
export async function checkSubscriptionTarget(url: URL, policy: TargetPolicy): Promise<void> {
  const refuse = (reason: string): never => {
    throw new WebhookError('bad-input', 'webhook-target-refused', `url: ${reason}`, { url: url.toString() });
  };
  const literal = refusedUrl(url, policy);
  if (literal) refuse(literal);
  const host = hostOf(url);
  if (policy.allowPrivate || isIP(host)) return;
  const addresses = await resolveAll(host).catch(() => []);
  for (const { address } of addresses) {
    const reason = refusedAddress(address);
    if (reason) refuse(`${host} resolves to ${reason}`);
  }
}

/** The error a connection gets when its resolved address is refused. */
export class TargetRefusedError extends Error {
  readonly code = 'webhook-target-refused';
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefusedError';
  }
}

/**
 * A `lookup` for `http.request` that resolves as usual and refuses the connection when an
 * address is refused: the check is on the very address the socket connects to.
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as LookupAddress[];
      const refused = policy.allowPrivate ? [] : list.map((a) => refusedAddress(a.address)).filter((r) => r);
      if (refused.length > 0) {
        return callback(new TargetRefusedError(`${hostname} resolves to ${refused[0]}`), '', 4);
      }
      if (options.all) return callback(null, list as unknown as string, 4);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 4);
      return callback(null, first.address, first.family);
    });
  };
}
