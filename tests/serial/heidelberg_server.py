#!/usr/bin/env python3
"""A Heidelberg Energy Control stand-in served by pymodbus (an independent Modbus RTU stack).

Written for pymodbus 3.0 as shipped by Debian 12 (python3-pymodbus 3.0.0). The serial server
defaults to the ASCII framer there, so the RTU framer is passed explicitly. Line settings are 8N1:
pseudo-terminals do not carry parity, although the real wallbox runs 19200 8E1.

Usage: heidelberg_server.py PORT [BAUD]
Prints "ready" once the port is open. Commands on standard input, one per line:
    set i ADDRESS VALUE    change an input register
    set h ADDRESS VALUE    change a holding register
    get h ADDRESS          print "h ADDRESS VALUE" (to check what a client wrote)
"""
import asyncio
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.framer.rtu_framer import ModbusRtuFramer
from pymodbus.server import StartAsyncSerialServer

# Register layout 1.0.8 (0x0108), charging C2 at 16 A on two phases.
INPUT = {
    4: 0x0108,  # layout version
    5: 7,       # C2
    6: 160, 7: 158, 8: 0,          # currents, 0.1 A
    9: 245,                        # PCB temperature, 0.1 degC
    10: 231, 11: 229, 12: 0,       # voltages, V
    13: 1,                         # external lock: unlocked
    14: 7300,                      # power, VA
    15: 0x0001, 16: 0x86A0,        # energy since power-on 100000 VAh, high word first
    100: 16, 101: 6,               # hardware max / min current, A
    203: 0x1F4,                    # software revision
}
HOLDING = {257: 0, 258: 0, 259: 1, 260: 0, 261: 160, 262: 0}


def main():
    port = sys.argv[1]
    baud = int(sys.argv[2]) if len(sys.argv) > 2 else 19200
    ir = ModbusSequentialDataBlock(0, [0] * 300)
    hr = ModbusSequentialDataBlock(0, [0] * 300)
    for address, value in INPUT.items():
        ir.setValues(address, [value])
    for address, value in HOLDING.items():
        hr.setValues(address, [value])
    # zero_mode: register N on the wire is index N here (no +1 shift).
    slave = ModbusSlaveContext(ir=ir, hr=hr, zero_mode=True)
    context = ModbusServerContext(slaves={1: slave}, single=False)

    async def run():
        server = await StartAsyncSerialServer(
            context=context, framer=ModbusRtuFramer, port=port, baudrate=baud,
            bytesize=8, parity="N", stopbits=1, timeout=0.05, defer_start=True)
        await server.start()
        if server.transport is None:
            print("cannot open " + port, flush=True)
            sys.exit(1)
        loop = asyncio.get_running_loop()

        def on_stdin():
            line = sys.stdin.readline()
            if not line:
                loop.stop()
                return
            parts = line.split()
            if len(parts) == 4 and parts[0] == "set":
                block = ir if parts[1] == "i" else hr
                block.setValues(int(parts[2]), [int(parts[3])])
                print("ok", flush=True)
            elif len(parts) == 3 and parts[0] == "get":
                block = ir if parts[1] == "i" else hr
                print(f"{parts[1]} {parts[2]} {block.getValues(int(parts[2]), 1)[0]}", flush=True)

        loop.add_reader(sys.stdin.fileno(), on_stdin)
        print("ready", flush=True)
        await asyncio.Event().wait()

    try:
        asyncio.run(run())
    except (KeyboardInterrupt, RuntimeError):
        pass


if __name__ == "__main__":
    main()
