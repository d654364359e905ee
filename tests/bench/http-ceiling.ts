// The machine's HTTP ceiling for the benchmark (issue 8 item 2, `http_rps`): a bare node:http server
// answering every request with a fixed HTML body of the given size — no framework, no database, no
// rendering. Run as a child process by tests/bench/run.ts: `tsx tests/bench/http-ceiling.ts <port> <bytes>`;
// prints "ready" on stdout once listening.
import http from 'node:http'

const port = Number(process.argv[2] ?? 0)
const bytes = Number(process.argv[3] ?? 20_000)
const body = Buffer.from(`<!DOCTYPE html><html lang="vi"><body>${'x'.repeat(Math.max(0, bytes - 52))}</body></html>`.slice(0, Math.max(bytes, 52)))

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length })
  res.end(body)
})
server.keepAliveTimeout = 65_000
server.listen(port, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
