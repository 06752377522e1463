/**
 * Which IP addresses a fetch of a user-supplied URL (a candidate's portfolio
 * page) may connect to: public unicast only. Pure: parses the address text
 * itself, no DNS, no sockets, so it can be checked on every address a
 * resolver returns, at connect time.
 */

/** An IPv4 range as [first address as a 32-bit number, prefix length, why it is refused]. */
type V4Range = readonly [base: number, bits: number, kind: string];

/** IANA special-purpose IPv4 ranges that are not globally reachable unicast (RFC 6890 and successors). */
const V4_REFUSED: readonly V4Range[] = [
	[v4('0.0.0.0'), 8, 'unspecified ("this network")'],
	[v4('10.0.0.0'), 8, 'private'],
	[v4('100.64.0.0'), 10, 'carrier-grade NAT (shared)'],
	[v4('127.0.0.0'), 8, 'loopback'],
	[v4('169.254.0.0'), 16, 'link-local'],
	[v4('172.16.0.0'), 12, 'private'],
	[v4('192.0.0.0'), 24, 'IETF protocol assignments'],
	[v4('192.0.2.0'), 24, 'documentation'],
	[v4('192.88.99.0'), 24, '6to4 relay anycast'],
	[v4('192.168.0.0'), 16, 'private'],
	[v4('198.18.0.0'), 15, 'benchmarking'],
	[v4('198.51.100.0'), 24, 'documentation'],
	[v4('203.0.113.0'), 24, 'documentation'],
	[v4('224.0.0.0'), 4, 'multicast'],
	[v4('240.0.0.0'), 4, 'reserved or broadcast'],
];

function v4(text: string): number {
	const parts = text.split('.').map(Number);
	return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** Strict dotted-quad IPv4 (no octal, hex or short forms: those are not what a resolver returns). */
function parseV4(text: string): number | null {
	const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
	if (!m) return null;
	const parts = m.slice(1).map((p) => (p.length > 1 && p.startsWith('0') ? Number.NaN : Number(p)));
	if (parts.some((p) => !Number.isInteger(p) || p > 255)) return null;
	return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** IPv6 text to eight 16-bit groups (`::` compression and a dotted IPv4 tail accepted); null when malformed. */
function parseV6(text: string): number[] | null {
	if (text.length > 45 || !/^[0-9a-f:.]+$/i.test(text)) return null;
	let head = text;
	const groups: number[] = [];
	const dotted = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
	let tail: number[] = [];
	if (dotted) {
		const n = parseV4(dotted[2]);
		if (n === null) return null;
		tail = [n >>> 16, n & 0xffff];
		head = dotted[1].endsWith('::') ? dotted[1] : dotted[1].slice(0, -1);
	}
	const halves = head.split('::');
	if (halves.length > 2) return null;
	const read = (part: string): number[] | null => {
		if (part === '') return [];
		const out: number[] = [];
		for (const g of part.split(':')) {
			if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
			out.push(parseInt(g, 16));
		}
		return out;
	};
	const left = read(halves[0]);
	const right = halves.length === 2 ? read(halves[1]) : [];
	if (!left || !right) return null;
	const known = left.length + right.length + tail.length;
	if (halves.length === 2) {
		if (known > 7) return null;
		groups.push(...left, ...new Array<number>(8 - known).fill(0), ...right, ...tail);
	} else {
		if (known !== 8) return null;
		groups.push(...left, ...tail);
	}
	return groups;
}

/** Why an IPv4 address (as a 32-bit number) is refused, or null when it is public. */
function v4Refusal(n: number): string | null {
	for (const [base, bits, kind] of V4_REFUSED) {
		const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
		if ((n & mask) >>> 0 === base) return kind;
	}
	return null;
}

const embedded = (g: readonly number[], hi: number): number => ((g[hi] << 16) | g[hi + 1]) >>> 0;

/** Why an IPv6 address is refused, or null when it is public. */
function v6Refusal(g: readonly number[]): string | null {
	const zeroUpTo = (n: number): boolean => g.slice(0, n).every((x) => x === 0);
	// ::ffff:a.b.c.d (IPv4-mapped): the socket would reach the IPv4 address, so judge that.
	if (zeroUpTo(5) && g[5] === 0xffff) {
		const why = v4Refusal(embedded(g, 6));
		return why ? `IPv4-mapped ${why}` : null;
	}
	// 64:ff9b::/96 (NAT64 well-known prefix): a gateway forwards to the embedded IPv4 address.
	if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
		const why = v4Refusal(embedded(g, 6));
		return why ? `NAT64 ${why}` : null;
	}
	// 2002::/16 (6to4): the relay forwards to the IPv4 address in bits 16..47.
	if (g[0] === 0x2002) {
		const why = v4Refusal(embedded(g, 1));
		return why ? `6to4 ${why}` : null;
	}
	if (zeroUpTo(7) && g[7] === 0) return 'unspecified';
	if (zeroUpTo(7) && g[7] === 1) return 'loopback';
	if ((g[0] & 0xfe00) === 0xfc00) return 'unique-local';
	if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
	if ((g[0] & 0xffc0) === 0xfec0) return 'site-local';
	if ((g[0] & 0xff00) === 0xff00) return 'multicast';
	// Only 2000::/3 is allocated as global unicast; everything else (IPv4-compatible
	// ::a.b.c.d, discard-only 100::/64, 64:ff9b:1::/48 local NAT64, ...) is not public.
	if ((g[0] & 0xe000) !== 0x2000) return 'not global unicast';
	if (g[0] === 0x2001 && g[1] < 0x0200) return 'IETF protocol assignments (Teredo, ORCHID, ...)';
	if (g[0] === 0x2001 && g[1] === 0x0db8) return 'documentation';
	if ((g[0] & 0xfff0) === 0x3ff0) return 'documentation';
	return null;
}

/**
 * Why `ip` may not be connected to (e.g. `loopback`, `private`, `IPv4-mapped
 * link-local`), or null when it is a public unicast address. Text that is not
 * an IPv4 or IPv6 address, and an IPv6 address with a zone (`fe80::1%eth0`), is
 * refused too. Accepts `[::1]` with brackets, as URL hostnames carry them.
 */
export function addressRefusal(ip: string): string | null {
	const text = ip.trim().replace(/^\[(.*)\]$/, '$1');
	if (text.includes('%')) return 'scoped (zone) address';
	const n4 = parseV4(text);
	if (n4 !== null) return v4Refusal(n4);
	const g = text.includes(':') ? parseV6(text) : null;
	if (g) return v6Refusal(g);
	return 'not an IP address';
}

/** True when `ip` is a public unicast address (see addressRefusal). */
export function isPublicAddress(ip: string): boolean {
	return addressRefusal(ip) === null;
}
