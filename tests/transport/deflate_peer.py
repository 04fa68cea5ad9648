#!/usr/bin/env python3
"""A station on Python's websockets library (compression on, its default) for tst_permessagedeflate.

Usage: deflate_peer.py URL SUBPROTOCOL. Sends two BootNotification CALLs, one after the other's
answer, and prints {"extensions": <agreed Sec-WebSocket-Extensions>, "answers": [...]} as JSON.
Exits non-zero when compression was not agreed or anything fails.
"""
import asyncio
import json
import sys

import websockets


def boot(subprotocol, message_id):
    if subprotocol == "ocpp1.6":
        payload = {"chargePointVendor": "ACME", "chargePointModel": "One"}
    else:
        payload = {"reason": "PowerUp", "chargingStation": {"vendorName": "ACME", "model": "One"}}
    return json.dumps([2, message_id, "BootNotification", payload], separators=(",", ":"))


async def main(url, subprotocol):
    async with websockets.connect(url, subprotocols=[subprotocol], open_timeout=10) as ws:
        if ws.subprotocol != subprotocol or len(ws.extensions) != 1:
            print(f"agreed subprotocol {ws.subprotocol}, extensions {ws.extensions}", file=sys.stderr)
            return 1
        answers = []
        for i in (1, 2):
            await ws.send(boot(subprotocol, f"b{i}"))
            answers.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
        print(json.dumps({"extensions": ws.response_headers.get("Sec-WebSocket-Extensions", ""), "answers": answers}))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))
