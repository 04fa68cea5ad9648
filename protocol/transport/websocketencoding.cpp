#include "websocketencoding.h"

namespace cb::websocketencoding {

qsizetype writeFrameHeader(char *out, WebSocketOpcode opcode, qsizetype payloadSize, bool compressed)
{
    const auto size = quint64(payloadSize);
    out[0] = char(0x80 | (compressed ? 0x40 : 0x00) | quint8(opcode));
    if (size < 126) {
        out[1] = char(size);
        return 2;
    }
    if (size <= 0xFFFF) {
        out[1] = char(126);
        out[2] = char(size >> 8);
        out[3] = char(size & 0xFF);
        return 4;
    }
    out[1] = char(127);
    for (int i = 0; i < 8; ++i)
        out[2 + i] = char((size >> (8 * (7 - i))) & 0xFF);
    return 10;
}

QByteArray closePayload(int code, const QString &reason)
{
    QByteArray out;
    if (code == 1005 || code <= 0)
        return out; // "no status": an empty close frame
    out.append(char((code >> 8) & 0xFF));
    out.append(char(code & 0xFF));
    QByteArray text = reason.toUtf8();
    if (text.size() > 123) {
        qsizetype cut = 123;
        while (cut > 0 && (quint8(text[cut]) & 0xC0) == 0x80)
            --cut; // never split a multi-byte character
        text.truncate(cut);
    }
    return out + text;
}

} // namespace cb::websocketencoding
