import { addressRefusal, isPublicAddress } from '../../core/address';

describe('isPublicAddress', () => {
	it.each([
		['93.184.216.34'],
		['8.8.8.8'],
		['1.1.1.1'],
		['100.63.255.255'],
		['100.128.0.1'],
		['172.15.255.255'],
		['172.32.0.1'],
		['192.169.0.1'],
		['223.255.255.254'],
		['2606:4700:4700::1111'],
		['2a00:1450:4001:81b::200e'],
		['[2001:4860:4860::8888]'],
		['::ffff:8.8.8.8'],
		['64:ff9b::808:808'],
		['2002:808:808::1'],
	])('accepts the public address %s', (ip) => {
		expect(addressRefusal(ip)).toBeNull();
		expect(isPublicAddress(ip)).toBe(true);
	});

	it.each([
		['127.0.0.1', 'loopback'],
		['127.255.255.254', 'loopback'],
		['10.0.0.1', 'private'],
		['10.255.255.255', 'private'],
		['172.16.0.1', 'private'],
		['172.31.255.255', 'private'],
		['192.168.1.1', 'private'],
		['169.254.169.254', 'link-local'],
		['100.64.0.1', 'carrier-grade NAT'],
		['100.127.255.255', 'carrier-grade NAT'],
		['0.0.0.0', 'unspecified'],
		['0.1.2.3', 'unspecified'],
		['224.0.0.251', 'multicast'],
		['239.255.255.250', 'multicast'],
		['255.255.255.255', 'broadcast'],
		['240.0.0.1', 'reserved'],
		['192.0.2.10', 'documentation'],
		['198.18.0.5', 'benchmarking'],
		['::', 'unspecified'],
		['::1', 'loopback'],
		['[::1]', 'loopback'],
		['0:0:0:0:0:0:0:1', 'loopback'],
		['fe80::1', 'link-local'],
		['febf:ffff::1', 'link-local'],
		['fec0::1', 'site-local'],
		['fc00::1', 'unique-local'],
		['fd12:3456:789a::1', 'unique-local'],
		['ff02::1', 'multicast'],
		['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
		['::ffff:7f00:1', 'IPv4-mapped loopback'],
		['::ffff:10.1.2.3', 'IPv4-mapped private'],
		['::ffff:169.254.169.254', 'IPv4-mapped link-local'],
		['0:0:0:0:0:ffff:c0a8:0101', 'IPv4-mapped private'],
		['64:ff9b::7f00:1', 'NAT64 loopback'],
		['2002:7f00:1::', '6to4 loopback'],
		['2002:a9fe:a9fe::1', '6to4 link-local'],
		['::127.0.0.1', 'not global unicast'],
		['2001:db8::1', 'documentation'],
		['2001::1', 'IETF'],
		['fe80::1%eth0', 'zone'],
		['localhost', 'not an IP address'],
		['0x7f.0.0.1', 'not an IP address'],
		['0177.0.0.1', 'not an IP address'],
		['1.2.3', 'not an IP address'],
		['256.1.1.1', 'not an IP address'],
		['1:2:3:4:5:6:7:8:9', 'not an IP address'],
		['1::2::3', 'not an IP address'],
		['', 'not an IP address'],
	])('refuses %s (%s)', (ip, kind) => {
		expect(addressRefusal(ip)).toContain(kind);
		expect(isPublicAddress(ip)).toBe(false);
	});
});
