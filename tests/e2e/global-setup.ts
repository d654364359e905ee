// Before the end-to-end tests: build the app for production, seed a fresh demo database in a temp
// dir, start `cli serve` on a free loopback port and wait for /healthz. The base URL reaches the
// tests through `inject('baseURL')`. Teardown stops the server (its whole process group) and removes
// the temp dirs. Any failure throws with the command's output so a CI log shows why.
//
// The server runs from a snapshot of the build (tmp/e2e-*/ with build/, public/ and db/migrations):
// the server reads build/ and public/build relative to its working directory, and a `remix build`
// started in the working copy while the tests run (someone running `npm start`) would otherwise
// delete the hashed assets the running server's pages point to. The snapshot sits inside the project
// so that the server bundle still resolves node_modules by walking up.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string
  }
}

const root = path.resolve(__dirname, '../..')
const SERVER_START_TIMEOUT_MS = 60_000

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const started = Date.now()
  const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim()
  if (result.error || result.status !== 0) {
    throw new Error(
      `e2e setup: ${label} failed (${[command, ...args].join(' ')}; exit ${result.status ?? result.signal ?? result.error?.message}).\n${output}`,
    )
  }
  console.log(`e2e setup: ${label} done in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal) // the server was started detached: it leads its own group
  } catch {
    // already gone
  }
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  killGroup(child, 'SIGTERM')
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

/** Builds, then copies what the server reads into appDir; rebuilds once if a concurrent build raced the copy. */
function buildSnapshot(appDir: string, env: NodeJS.ProcessEnv) {
  for (let attempt = 1; ; attempt++) {
    run('production build (remix build)', 'npx', ['remix', 'build'], env)
    for (const dir of ['build', 'public', 'db/migrations', 'templates']) {
      fs.rmSync(path.join(appDir, dir), { recursive: true, force: true })
      fs.cpSync(path.join(root, dir), path.join(appDir, dir), { recursive: true })
    }
    const serverBuild = fs.readFileSync(path.join(appDir, 'build/index.js'), 'utf8')
    const assets = [...new Set(serverBuild.match(/"\/build\/[^"]+\.(?:js|css)"/g) ?? [])].map((s) => s.slice(1, -1))
    const missing = assets.filter((asset) => !fs.existsSync(path.join(appDir, 'public', asset)))
    if (assets.length > 0 && missing.length === 0) return
    if (attempt === 2) {
      throw new Error(`e2e setup: the build's assets are incomplete (${assets.length ? `missing ${missing.join(', ')}` : 'no assets found'}).`)
    }
    console.log('e2e setup: the build changed while it was copied (another build running?); building again')
  }
}

export default async function setup(project: TestProject) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' }
  delete env.VITEST // the server is a normal production process, not part of the test run

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'so-chi-bo-e2e-'))
  const dbFile = path.join(tmpDir, 'e2e.db')
  fs.mkdirSync(path.join(root, 'tmp'), { recursive: true })
  const appDir = fs.mkdtempSync(path.join(root, 'tmp', 'e2e-'))
  let server: ChildProcess | undefined
  const killOnExit = () => server && killGroup(server, 'SIGKILL')
  process.once('exit', killOnExit)

  const teardown = async () => {
    if (server) await stopServer(server)
    process.off('exit', killOnExit)
    fs.rmSync(tmpDir, { recursive: true, force: true })
    fs.rmSync(appDir, { recursive: true, force: true })
  }

  try {
    buildSnapshot(appDir, env)
    run('demo seed', 'npx', ['tsx', 'app/cli/index.ts', 'seed', '--demo', '--db', dbFile], { ...env, DATABASE_URL: dbFile })

    const port = await freePort()
    const baseURL = `http://127.0.0.1:${port}`
    let output = ''
    const serveArgs = ['tsx', '--tsconfig', path.join(root, 'tsconfig.json'), path.join(root, 'app/cli/index.ts'), 'serve']
    const child = spawn('npx', [...serveArgs, '--db', dbFile, '--port', String(port), '--host', '127.0.0.1'], {
      cwd: appDir,
      env: { ...env, DATABASE_URL: dbFile },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    server = child
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    // Server errors during the tests (a loader throwing) appear in the vitest output.
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk.toString()}`))

    const deadline = Date.now() + SERVER_START_TIMEOUT_MS
    let lastProblem = ''
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`e2e setup: the server exited (${child.exitCode ?? child.signalCode}) before answering /healthz.\n${output.trim()}`)
      }
      try {
        const response = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(2_000) })
        if (response.ok) break
        lastProblem = `/healthz answered ${response.status}: ${await response.text()}`
      } catch (error) {
        lastProblem = error instanceof Error ? error.message : String(error)
      }
      if (Date.now() > deadline) {
        throw new Error(`e2e setup: the server did not answer /healthz within ${SERVER_START_TIMEOUT_MS / 1000} s (${lastProblem}).\n${output.trim()}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    console.log(`e2e setup: server ready at ${baseURL}`)
    project.provide('baseURL', baseURL)
  } catch (error) {
    await teardown()
    throw error
  }

  return teardown
}
