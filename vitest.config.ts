import { defineConfig } from 'vitest/config';

// `npm test`: the whole suite that needs nothing installed beforehand.
// Conformance tests against Debian's kcat / kafka-python live in test/conformance and run
// through `npm run test:conformance` (see vitest.conformance.config.ts).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
