#pragma once

#include "websocketdecoder.h"

#include <QByteArray>
#include <QString>

namespace cb {

// Frames a server sends (RFC 6455 §5.2: unmasked, unfragmented).
namespace websocketencoding {

constexpr qsizetype kMaxHeaderSize = 10;

// Writes the header of one final frame (2, 4 or 10 bytes) to `out` and returns its size. The
// payload follows it on the wire. `compressed` sets RSV1 (permessage-deflate, RFC 7692 §6).
qsizetype writeFrameHeader(char *out, WebSocketOpcode opcode, qsizetype payloadSize, bool compressed = false);

// A close frame's payload: the code, then the reason cut to fit 125 bytes at a character boundary.
QByteArray closePayload(int code, const QString &reason);

} // namespace websocketencoding

} // namespace cb
