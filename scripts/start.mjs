#!/usr/bin/env node
// `npm start`: builds the app, starts the embedded backend with the demo company on loopback
// (data in ./data), then opens the console signed out, pointed at it. Where the Electron binary is
// missing, or AppArmor would stop its sandbox (Ubuntu 24.04+; see start/linux-sandbox.mjs), it
// says so and what to do, and starts the browser host instead. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSandboxFacts, sandboxBlockedMessage } from './start/linux-sandbox.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(root, 'data');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const children = new Set();
let stopping = false;

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', env: { ...process.env, ...options.env } });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(command)} ${args.join(' ')} exited with code ${code}`))));
  });
}

/** Starts a long-running child in its own process group so Ctrl-C can stop all of it. */
function startChild(name, command, args, env = {}) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true, env: { ...process.env, ...env } });
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`${name} stopped (${signal ?? `exit code ${code}`}).`);
      void stop(code ?? 1);
    }
  });
  return child;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The backend did not answer ${url}/health within ${timeoutMs / 1000} s.`);
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  setTimeout(() => process.exit(code), 3_000).unref();
  await Promise.all([...children].map((c) => new Promise((r) => c.once('exit', r))));
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function main() {
  console.log('Building the app (npm run build)...');
  await run('npm', ['run', '--silent', 'build']);

  mkdirSync(dataDir, { recursive: true });
  console.log('Seeding the demo company...');
  const demoOutput = await run(tsx, ['server/src/cli/main.ts', 'demo', '--data', dataDir], { capture: true });

  const port = await freePort();
  const backendUrl = `http://127.0.0.1:${port}`;
  const server = startChild('The backend', tsx, ['server/src/cli/main.ts', 'serve', '--host', '127.0.0.1', '--port', String(port), '--data', dataDir]);
  server.stdout.on('data', () => {}); // the backend's JSON log stays out of the way
  await waitForHealth(backendUrl);
  console.log(`Backend: ${backendUrl} (data in ${path.relative(root, dataDir) || '.'})`);

  const electronDist = path.join(root, 'node_modules/electron/dist');
  if (existsSync(electronDist)) {
    const electronPath = createRequire(import.meta.url)('electron');
    const blocked = sandboxBlockedMessage(readSandboxFacts(electronPath));
    if (!blocked) {
      const app = startChild('RMS Console', electronPath, ['.'], { RMS_BACKEND_URL: backendUrl });
      app.stdout.pipe(process.stdout);
      console.log(demoOutput.trim());
      return;
    }
    console.log(`${blocked}\n\nStarting the browser host instead (the same app in your browser).`);
  } else {
    console.log('Electron binary not installed (node_modules/electron/dist is missing): starting the browser host instead.');
  }
  const host = startChild('The browser host', tsx, ['electron/browser-host/cli.ts', '--backend', backendUrl, '--data', path.join(dataDir, 'browser-host')]);
  let buffer = '';
  host.stdout.on('data', (chunk) => {
    buffer += chunk;
    const match = buffer.match(/https?:\/\/127\.0\.0\.1:\d+\/#token=\S+/);
    if (match) {
      buffer = '';
      console.log(`\nOpen RMS Console: ${match[0]}`);
      console.log(demoOutput.trim());
      console.log('Press Ctrl-C to stop.');
    }
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  void stop(1);
});
