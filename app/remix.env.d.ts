/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

declare module '@remix-run/server-runtime' {
  interface AppLoadContext {
    /** The CSP nonce the server generated for this response. */
    cspNonce?: string
  }
}
export {}

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}
