import { createContext, useContext } from 'react'

/** The CSP nonce of this response (server only; empty on the client after hydration). */
export const NonceContext = createContext<string | undefined>(undefined)
export const useNonce = () => useContext(NonceContext)
