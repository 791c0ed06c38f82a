// The floor of the Bruno comparison: a cold process with no OAuth Desk in it, doing the same N
// GETs of the protected API over node:http with a kept-alive connection and the token pasted in,
// each checked for 200 and its body read. What any Node client pays for these calls on this
// machine (the loopback exchange, the API's JWT check, the process start); peer-bruno.ts builds it
// as it builds OAuth Desk's side and reports Bruno's time over it as the ratio no client can beat.
import { Agent, request } from 'node:http';

const [url, authorization, count] = process.argv.slice(2);
const n = Number(count);
if (!url || !authorization || !Number.isInteger(n) || n < 2)
  throw new Error('usage: peer-bare-child <url> <authorization> <calls ≥ 2>');

const agent = new Agent({ keepAlive: true });
const call = () =>
  new Promise<void>((resolve, reject) => {
    const req = request(url, { headers: { authorization }, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.once('error', reject);
      res.once('end', () =>
        res.statusCode === 200 && body.length > 0
          ? resolve()
          : reject(new Error(`bare client: the protected API answered ${res.statusCode}`)),
      );
    });
    req.once('error', reject);
    req.end();
  });

await call();
const firstAt = performance.now();
// As peer-desk-child.ts: the calls' window on the CPU profile's clock, and their CPU.
const fromUs = Number(process.hrtime.bigint() / 1000n);
const cpu0 = process.cpuUsage();
for (let i = 1; i < n; i++) await call();
const cpu = process.cpuUsage(cpu0);
const doneAt = performance.now();
const toUs = Number(process.hrtime.bigint() / 1000n);
process.stdout.write(
  `${JSON.stringify({ perCallMs: (doneAt - firstAt) / (n - 1), cpuPerCallMs: (cpu.user + cpu.system) / 1000 / (n - 1), fromUs, toUs })}\n`,
);
process.exit(0);
