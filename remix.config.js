/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}'],
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  // db/ lives outside app/ and is bundled into the server build from its relative imports.
  watchPaths: ['db/**/*.ts'],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
    // v3_routeConfig needs the Vite compiler (routes.ts is loaded through vite-node); see ADR 001.
  },
}
