import { configDefaults, defineConfig } from 'vitest/config';

// Files that bind fixed ports other files also bind (the gateway's, 443 and 5671, which
// sdk-default-ports and sdk-amqp-service bind too) run in a later group, after the rest: a fixed
// port can be bound once per machine (docs/gateway.md).
const AFTER_THE_REST = ['gateway/gateway.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration suites start real emulators on ephemeral ports; two cores, so keep it modest.
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: [
            'src/**/*.test.ts',
            'emulator/**/*.test.ts',
            'tests/**/*.test.ts',
            'bench/**/*.test.ts',
            'gateway/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, ...AFTER_THE_REST],
        },
      },
      {
        extends: true,
        test: { name: 'fixed-ports-later', include: AFTER_THE_REST, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
