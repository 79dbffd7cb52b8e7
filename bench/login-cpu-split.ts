// Where the main-thread CPU of a login goes when argon2 is not the work: the same POST /auth/login
// with a cheap argon2id hash (m = 8 KiB, t = 1), measured per login on the main thread (schedstat,
// nanoseconds) under conditions that separate what the real bench mixes:
//
//   busy     4 clients back to back: the event loop never waits, requests share its wake-ups
//   paced    one login every 1000/LOGIN_SPLIT_RATE ms (the real bench's pace): each one alone
//   +argon2  paced, beside a child process running 4 real argon2id verifies (19 MiB each) at once
//   +spin    paced, beside a child process of 4 threads spinning (preemption without memory traffic)
//   worker   paced, the HTTP client in a worker thread instead of on the server's main thread
//
// The conditions alternate for LOGIN_SPLIT_ROUNDS rounds. A plain script (not in `npm run bench`):
//
//   npx tsx bench/login-cpu-split.ts
//   BENCH_DB=postgres npx tsx bench/login-cpu-split.ts
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { hash } from '@node-rs/argon2';
import { API_PREFIX } from '@rms/shared';
import { createCompany } from '@rms/server/seeding';
import { BULK_PASSWORD, insertBulkUsers } from '@rms/test-kit/bulk-users';
import { benchClient, startBenchServer } from './support/bench-server.js';
import { loadAverage, num } from './support/figures.js';

const PER_RUN = Number(process.env.LOGIN_SPLIT_REQUESTS ?? 400);
const RATE = Number(process.env.LOGIN_SPLIT_RATE ?? 45);
const ROUNDS = Number(process.env.LOGIN_SPLIT_ROUNDS ?? 2);

type Condition = 'busy' | 'paced' | '+argon2' | '+spin' | 'worker';
const CONDITIONS: Condition[] = ['busy', 'paced', '+argon2', '+spin', 'worker'];

/** The main thread's CPU (ms), its wait for a CPU while runnable (ms), and its context switches. */
function mainThread() {
  const [run, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
  const status = readFileSync(`/proc/self/task/${process.pid}/status`, 'utf8');
  const count = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
  return { cpu: run! / 1e6, wait: wait! / 1e6, sleeps: count('voluntary_ctxt_switches'), preempted: count('nonvoluntary_ctxt_switches') };
}

/** Background load in a child process (so none of its CPU is this process's). */
function background(condition: Condition): ChildProcess | null {
  const scripts: Partial<Record<Condition, string>> = {
    '+argon2': `const { hash, verify } = require('@node-rs/argon2');
      hash('x', { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 }).then((h) => {
        for (let i = 0; i < 4; i += 1) (async () => { for (;;) await verify(h, 'x'); })();
      });`,
    '+spin': `const { Worker } = require('node:worker_threads');
      for (let i = 0; i < 4; i += 1) new Worker('for (;;) {}', { eval: true });`,
  };
  const script = scripts[condition];
  return script ? spawn(process.execPath, ['-e', script], { stdio: 'inherit' }) : null;
}

/** The client of the `worker` condition: node:http keep-alive, paced like the main-thread one. */
const WORKER_CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, path, requests, rate } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const { hostname, port } = new URL(url);
const send = (r) => new Promise((resolve) => {
  const body = JSON.stringify(r.body);
  const req = http.request({ agent, hostname, port, method: 'POST', path,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': r.address } }, (res) => {
    res.on('data', () => undefined);
    res.on('end', () => resolve(res.statusCode));
  });
  req.end(body);
});
let next = 0; let open = 0;
const timer = setInterval(() => {
  if (next >= requests.length) return clearInterval(timer);
  open += 1;
  send(requests[next++]).then(() => { open -= 1; if (open === 0 && next >= requests.length) parentPort.postMessage('done'); });
}, 1000 / rate);
`;

const bench = await startBenchServer();
const { server } = bench;
const client = benchClient(server.url, 32);
try {
  const company = await createCompany(server.db, { name: 'Login CPU Split Co' });
  const total = 100 + PER_RUN * CONDITIONS.length * ROUNDS;
  const users = await insertBulkUsers(server.db, { companyId: company.id, count: total, prefix: 'split', now: Date.now() });
  const cheap = await hash(BULK_PASSWORD, { algorithm: 2, memoryCost: 8, timeCost: 1, parallelism: 1 });
  await server.db.updateTable('users').set({ password_hash: cheap }).execute();
  const request = (i: number) => ({ body: { email: users[i]!.email, password: BULK_PASSWORD }, address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` });
  const login = (i: number) => {
    const { body, address } = request(i);
    return client.send('POST', `${API_PREFIX}/auth/login`, body, { 'x-forwarded-for': address });
  };
  for (let i = 0; i < 100; i += 4) await Promise.all([0, 1, 2, 3].map((k) => login(i + k)));
  console.log(`login-cpu-split: ${bench.engine}, cheap argon2id hash, ${PER_RUN} logins per run, paced at ${RATE}/s, ${ROUNDS} rounds; load average ${await loadAverage()}`);
  let next = 100;
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const condition of CONDITIONS) {
      const first = next;
      next += PER_RUN;
      const load = background(condition);
      if (load) await new Promise((resolve) => setTimeout(resolve, 1_000));
      const before = mainThread();
      const started = performance.now();
      if (condition === 'busy') {
        let i = first;
        await Promise.all([0, 1, 2, 3].map(async () => { while (i < first + PER_RUN) await login(i++); }));
      } else if (condition === 'worker') {
        const requests = Array.from({ length: PER_RUN }, (_, k) => request(first + k));
        const worker = new Worker(WORKER_CLIENT, { eval: true, workerData: { url: server.url, path: `${API_PREFIX}/auth/login`, requests, rate: RATE } });
        await new Promise((resolve) => worker.once('message', resolve));
        await worker.terminate();
      } else {
        await new Promise<void>((done) => {
          let i = first;
          let open = 0;
          const timer = setInterval(() => {
            if (i >= first + PER_RUN) return clearInterval(timer);
            open += 1;
            void login(i++).then(() => {
              open -= 1;
              if (open === 0 && i >= first + PER_RUN) done();
            });
          }, 1000 / RATE);
        });
      }
      const seconds = (performance.now() - started) / 1000;
      const after = mainThread();
      load?.kill();
      const per = (x: number, digits = 2) => num(x / PER_RUN, digits);
      console.log(
        `${condition.padEnd(8)} main-thread CPU per login ${per(after.cpu - before.cpu)} ms; per login it slept ${per(after.sleeps - before.sleeps)} times, was preempted ${per(after.preempted - before.preempted)} times, ` +
          `waited ${per(after.wait - before.wait)} ms for a CPU; ${num(PER_RUN / seconds, 1)}/s; load ${await loadAverage()}`,
      );
    }
  }
} finally {
  client.close();
  await bench.close();
}
