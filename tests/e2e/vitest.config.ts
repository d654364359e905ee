// End-to-end tests: one production server (started by global-setup.ts) and one headless Chromium per
// test file, driven by playwright-core. Files run one after another in a single fork: a 2-core
// machine cannot run several browsers against one server without flaky timings.
import path from 'node:path'
import { defineConfig } from 'vitest/config'

const root = path.resolve(__dirname, '../..')

export default defineConfig({
  root,
  resolve: { alias: { '~': path.join(root, 'app') } },
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    setupFiles: ['tests/setup.ts'],
    environment: 'node',
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
  },
})
