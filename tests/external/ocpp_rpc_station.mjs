// An OCPP charging station built on the independent ocpp-rpc library in strict mode: every call it
// sends and every response it receives is checked against the official schemas by ocpp-rpc itself
// (ajv), not by ChargeBench. Prints one JSON line per event on stdout; "quit" on stdin ends it.
// Exit code 0 only when no schema violation or bad message was seen.
import { RPCClient, createRPCError, createValidator } from 'ocpp-rpc';
import { createRequire } from 'node:module';
import readline from 'node:readline';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
    return acc;
}, []));
const version = args.ocpp ?? '2.0.1';
const protocol = `ocpp${version}`;
const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');
let problems = 0;

// ocpp-rpc 2.2.1 looks schemas up as urn:<Action>.req/.conf, but its own 2.1 schemas are named
// urn:<Action>Request/Response, so its built-in 2.1 strict mode finds none. Give it the same
// official 2.1 schemas under the names it looks for (in memory only).
const strictModeValidators = [];
if (version === '2.1') {
    const require = createRequire(import.meta.url);
    const schemas = require('ocpp-rpc/lib/schemas/ocpp2_1.json').map((s) => ({
        ...s,
        $id: s.$id.replace(/Request$/, '.req').replace(/Response$/, '.conf'),
    }));
    strictModeValidators.push(createValidator('ocpp2.1', schemas));
}

const client = new RPCClient({
    strictModeValidators,
    endpoint: args.url,
    identity: args.id,
    protocols: [protocol],
    strictMode: true,
    reconnect: false,
    callTimeoutMs: 10000,
    ...(args.password ? { password: args.password } : {}),
});
client.on('badMessage', (e) => { problems++; say({ event: 'bad', error: String(e.error?.message ?? e.error) }); });
client.on('strictValidationFailure', (e) => { problems++; say({ event: 'strict', error: String(e.error?.message ?? e.error) }); });
client.on('close', (e) => say({ event: 'close', code: e.code }));

const accepted = () => ({ status: 'Accepted' });
client.handle('Reset', ({ params }) => { say({ event: 'call', method: 'Reset', params }); return accepted(); });
client.handle('ClearCache', () => { say({ event: 'call', method: 'ClearCache' }); return accepted(); });
client.handle('ChangeAvailability', () => { say({ event: 'call', method: 'ChangeAvailability' }); return accepted(); });
client.handle(({ method }) => { say({ event: 'call', method, unsupported: true }); throw createRPCError('NotImplemented'); });

const now = () => new Date().toISOString();
const v16 = version === '1.6';

async function run() {
    await client.connect();
    say({ event: 'connected', protocol: client.protocol });
    const boot = v16
        ? await client.call('BootNotification', { chargePointVendor: 'ExtVendor', chargePointModel: 'ExtModel', chargePointSerialNumber: 'EXT-1', firmwareVersion: '9.9.9' })
        : await client.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'ExtVendor', model: 'ExtModel', serialNumber: 'EXT-1', firmwareVersion: '9.9.9' } });
    say({ event: 'boot', status: boot.status, interval: boot.interval });
    await client.call('Heartbeat', {});
    if (v16) {
        await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: now() });
        await client.call('Authorize', { idTag: 'EXT-TAG' });
        const start = await client.call('StartTransaction', { connectorId: 1, idTag: 'EXT-TAG', meterStart: 1000, timestamp: now() });
        await client.call('MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [{ timestamp: now(), sampledValue: [
            { value: '1500', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
            { value: '7200', measurand: 'Power.Active.Import', unit: 'W' },
            { value: '16.0', measurand: 'Current.Import', phase: 'L1', unit: 'A' }] }] });
        await client.call('StopTransaction', { transactionId: start.transactionId, meterStop: 2500, timestamp: now(), reason: 'Local' });
    } else {
        await client.call('StatusNotification', { timestamp: now(), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
        await client.call('Authorize', { idToken: { idToken: 'EXT-TAG', type: 'ISO14443' } });
        const tx = { transactionId: 'ext-tx-1' };
        await client.call('TransactionEvent', { eventType: 'Started', timestamp: now(), triggerReason: 'Authorized', seqNo: 0, transactionInfo: tx, evse: { id: 1, connectorId: 1 }, idToken: { idToken: 'EXT-TAG', type: 'ISO14443' } });
        await client.call('MeterValues', { evseId: 1, meterValue: [{ timestamp: now(), sampledValue: [
            { value: 1.5, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'kWh' } },
            { value: 7.2, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'kW' } },
            { value: 16, measurand: 'Current.Import', phase: 'L1', unitOfMeasure: { unit: 'A' } }] }] });
        await client.call('TransactionEvent', { eventType: 'Ended', timestamp: now(), triggerReason: 'StopAuthorized', seqNo: 1, transactionInfo: { ...tx, stoppedReason: 'Local' } });
    }
    say({ event: 'ready' });
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
    if (line.trim() !== 'quit') return;
    await client.close({ code: 1000 });
    say({ event: 'done', problems });
    process.exit(problems ? 1 : 0);
});

run().catch((e) => {
    problems++;
    say({ event: 'error', error: String(e?.message ?? e), rpcErrorCode: e?.rpcErrorCode });
    process.exit(2);
});
