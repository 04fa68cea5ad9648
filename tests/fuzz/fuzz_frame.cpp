// libFuzzer target: any bytes a peer could send are decoded as an OCPP-J frame for each version,
// and a decoded payload is validated against the schema of its action (or, for replies, of an
// action picked from the input). Nothing may crash, hang or leak.
#include "rpc/rpcframe.h"
#include "schema/schemacatalog.h"
#include "schema/schemavalidator.h"

#include <QCoreApplication>

#include <cstddef>
#include <cstdint>

using namespace cb;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_frame";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv); // resources and translations need an application

    const QByteArrayView text(reinterpret_cast<const char *>(data), qsizetype(size));
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
