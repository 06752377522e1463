/**
 * The end-to-end suite against a real n8n 2.x (see tests/e2e/README.md): run in band, since each file starts
 * its own n8n processes and the machine has 2 cores. The main jest config ignores this folder.
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	rootDir: '../..',
	roots: ['<rootDir>/tests/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
	globalSetup: '<rootDir>/tests/e2e/setup/global-setup.ts',
	globalTeardown: '<rootDir>/tests/e2e/setup/global-teardown.ts',
	maxWorkers: 1,
	testTimeout: 10 * 60_000,
	slowTestThreshold: 60,
};
