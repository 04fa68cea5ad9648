// A station on the Node ws library with permessage-deflate for tst_permessagedeflate.
// Usage: node ws_deflate_peer.mjs URL SUBPROTOCOL. Sends two BootNotification CALLs, one after the
// other's answer, and prints {"extensions": <agreed Sec-WebSocket-Extensions>, "answers": [...]}.
// threshold 0: ws compresses only messages of 1 KiB and more by default, and a BootNotification
// is smaller.
import WebSocket from 'ws';

const [url, subprotocol] = process.argv.slice(2);
const payload = subprotocol === 'ocpp1.6'
    ? { chargePointVendor: 'ACME', chargePointModel: 'One' }
    : { reason: 'PowerUp', chargingStation: { vendorName: 'ACME', model: 'One' } };
const ws = new WebSocket(url, [subprotocol], { perMessageDeflate: { threshold: 0 } });
const answers = [];
const fail = (why) => { console.error(why); process.exit(1); };
setTimeout(() => fail('timed out'), 10000).unref();

ws.on('open', () => {
    if (ws.protocol !== subprotocol || !ws.extensions.includes('permessage-deflate'))
        fail(`agreed subprotocol ${ws.protocol}, extensions "${ws.extensions}"`);
    ws.send(JSON.stringify([2, 'b1', 'BootNotification', payload]));
});
ws.on('message', (data) => {
    answers.push(JSON.parse(data.toString()));
    if (answers.length === 1)
        ws.send(JSON.stringify([2, 'b2', 'BootNotification', payload]));
    else
        ws.close(1000);
});
ws.on('close', () => {
    console.log(JSON.stringify({ extensions: ws.extensions, answers }));
    process.exit(answers.length === 2 ? 0 : 1);
});
ws.on('error', (e) => fail(e.message));
