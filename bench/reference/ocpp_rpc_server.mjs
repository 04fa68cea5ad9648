// Reference OCPP server for the load benchmark, built on the independent npm package ocpp-rpc
// (2.2.1, from tests/external/node_modules) with strict mode on for 1.6, 2.0.1 and 2.1: every
// inbound CALL and every outbound CALLRESULT is checked against the official schemas by
// ocpp-rpc itself (ajv), as ChargeBench checks every frame with valijson.
//
// Answers BootNotification, Heartbeat, MeterValues and StatusNotification with valid responses.
// Usage: node bench/reference/ocpp_rpc_server.mjs [--host 127.0.0.1] [--port 9210]
// Prints "listening <host>:<port>" once ready; SIGTERM/SIGINT close it and print a summary.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
// Resolve ocpp-rpc from the project's pinned install (scripts/setup runs npm ci there).
const require = createRequire(path.join(here, '..', '..', 'tests', 'external', 'package.json'));
const { RPCServer, createValidator } = require('ocpp-rpc');

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
    return acc;
}, []));
const host = args.host ?? '127.0.0.1';
const port = Number(args.port ?? 9210);

// ocpp-rpc 2.2.1 looks schemas up as urn:<Action>.req/.conf, but its own 2.1 schemas are named
// urn:<Action>Request/Response, so its built-in 2.1 strict mode finds none. Give it the same
// official 2.1 schemas under the names it looks for (in memory only), as tests/external does.
const schemas21 = require('ocpp-rpc/lib/schemas/ocpp2_1.json').map((s) => ({
    ...s,
    $id: s.$id.replace(/Request$/, '.req').replace(/Response$/, '.conf'),
}));

const server = new RPCServer({
    protocols: ['ocpp2.1', 'ocpp2.0.1', 'ocpp1.6'],
    strictMode: true,
    strictModeValidators: [createValidator('ocpp2.1', schemas21)],
    // Same as ChargeBench's default: a WebSocket ping every 30 s.
    pingIntervalMs: 30000,
});

let clients = 0;
let strictFailures = 0;
let badMessages = 0;
const now = () => new Date().toISOString();

server.on('client', (client) => {
    clients++;
    client.on('strictValidationFailure', (e) => {
        if (strictFailures++ < 5) console.error(`strict validation failure (${client.identity}): ${e.error?.message ?? e.error}`);
    });
    client.on('badMessage', () => { badMessages++; });
    // The same three fields are required in 1.6, 2.0.1 and 2.1.
    client.handle('BootNotification', () => ({ status: 'Accepted', currentTime: now(), interval: 300 }));
    client.handle('Heartbeat', () => ({ currentTime: now() }));
    client.handle('MeterValues', () => ({}));
    client.handle('StatusNotification', () => ({}));
});

await server.listen(port, host);
console.log(`listening ${host}:${port}`);

const stop = async () => {
    console.log(`stopping: ${clients} connections served, ${strictFailures} strict validation failures, ${badMessages} bad messages`);
    await server.close({ code: 1001, force: true });
    process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
