// libFuzzer target: any bytes a peer could send are decoded as an OCPP-J frame for each version,
// and a decoded payload is validated against the schema of its action (or, for replies, of an
// action picked from the input); compact frames decode as the general path decodes them; and the
// same bytes go through the server's WebSocket decoder, whole and in two pieces, with the same
// messages and verdict, once plain and once with permessage-deflate agreed (so compressed frames
// reach the bounded inflater). Nothing may crash, hang or leak.
#include "rpc/rpcframe.h"
#include "schema/schemacatalog.h"
#include "schema/schemavalidator.h"
#include "transport/websocketdecoder.h"

#include <QCoreApplication>

#include <cstddef>
#include <cstdint>

using namespace cb;

namespace {

struct WsRun
{
    QList<WebSocketMessage> messages;
    bool ok = true;
    int failure = 0;
};

WsRun decodeWebSocket(QByteArrayView bytes, qsizetype split, bool deflate)
{
    WebSocketDecoder decoder(4096);
    if (deflate) {
        DeflateParams params;
        params.clientNoContextTakeover = bytes.size() % 2 == 0; // both kinds, chosen by the input
        decoder.enableDeflate(params);
    }
    WsRun run;
    const auto sink = [&run](WebSocketMessage &&m) { run.messages.append(std::move(m)); };
    run.ok = decoder.feed(bytes.data(), split, sink);
    if (run.ok)
        run.ok = decoder.feed(bytes.data() + split, bytes.size() - split, sink);
    run.failure = decoder.failure().closeCode;
    return run;
}

void checkWebSocketDecoder(QByteArrayView bytes, bool deflate)
{
    const qsizetype split = bytes.isEmpty() ? 0 : qsizetype(quint8(bytes[0])) % bytes.size();
    const WsRun whole = decodeWebSocket(bytes, bytes.size(), deflate);
    const WsRun pieces = decodeWebSocket(bytes, split, deflate);
    if (whole.ok != pieces.ok || whole.failure != pieces.failure || whole.messages.size() != pieces.messages.size())
        __builtin_trap();
    for (qsizetype i = 0; i < whole.messages.size(); ++i)
        if (whole.messages[i].opcode != pieces.messages[i].opcode || whole.messages[i].payload != pieces.messages[i].payload
            || whole.messages[i].closeCode != pieces.messages[i].closeCode)
            __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_frame";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv); // resources and translations need an application

    const QByteArrayView text(reinterpret_cast<const char *>(data), qsizetype(size));
    checkWebSocketDecoder(text, false);
    checkWebSocketDecoder(text, true);
    // The compact shortcut must agree with the general path, which a space after the frame's
    // first (structural) comma forces.
    if (text.startsWith("[2,") || text.startsWith("[3,")) {
        QByteArray spaced = text.toByteArray();
        spaced.insert(3, ' ');
        for (OcppVersion v : kAllVersions) {
            const auto a = decodeFrame(text, v);
            const auto b = decodeFrame(spaced, v);
            if (a.ok() != b.ok())
                __builtin_trap();
            if (a.ok() && (a.value().type != b.value().type || a.value().id != b.value().id || a.value().action != b.value().action
                           || a.value().payload != b.value().payload))
                __builtin_trap();
        }
    }
    const SchemaValidator &validator = SchemaValidator::shared();
    for (OcppVersion v : kAllVersions) {
        const auto decoded = decodeFrame(text, v);
        if (!decoded)
            continue;
        const RpcFrame &f = decoded.value();
        // Re-encoding must always give a frame that decodes to the same type and id.
        const auto again = decodeFrame(f.encode(), v);
        if (!again || again.value().type != f.type || again.value().id != f.id)
            __builtin_trap();
        switch (f.type) {
        case MessageType::Call:
            validator.validate(v, f.action, PayloadKind::Request, f.payload);
            break;
        case MessageType::Send:
            validator.validate(v, f.action, PayloadKind::Send, f.payload);
            break;
        case MessageType::CallResult: {
            const QStringList actions = validator.catalog().actions(v);
            const QString action = actions.at(int(size % size_t(actions.size())));
            validator.validate(v, action, PayloadKind::Response, f.payload);
            break;
        }
        default:
            break;
        }
    }
    return 0;
}
