// A part of a page that only some users get (an editing form for the secretary on a page members
// read), loaded as its own chunk so that the others' browsers never download its code (conform,
// zod, the form schemas). Unlike React.lazy it starts loading at module evaluation on the server,
// which evaluates every route at start-up, so server rendering never suspends: the form is in the
// HTML and works before (or without) JavaScript. In the browser, hydration leaves the server's HTML
// in place until the chunk arrives, then hydrates it.
import { Suspense, type ComponentType } from 'react'

export function lazyPanel<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let Component: ComponentType<P> | undefined
  let loading: Promise<void> | undefined
  let failure: unknown
  const start = () =>
    (loading ??= load().then(
      (m) => {
        Component = m.default
      },
      (error: unknown) => {
        failure = error // a chunk that failed to download reaches the route's error boundary
      },
    ))
  if (typeof document === 'undefined') void start()
  function Inner(props: P) {
    // The Suspense protocol: throwing the pending promise keeps the boundary (or the server HTML) until it settles.
    if (failure) throw failure
    if (!Component) throw start()
    return <Component {...props} />
  }
  return function LazyPanel(props: P) {
    return (
      <Suspense fallback={null}>
        <Inner {...props} />
      </Suspense>
    )
  }
}
