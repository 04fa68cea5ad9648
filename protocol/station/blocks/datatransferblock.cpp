#include "datatransferblock.h"

#include "station/operations/operationhelpers.h"
#include "station/stationsession.h"

#include <QJsonDocument>

namespace cb {

void DataTransferBlock::attach(RpcEndpoint &rpc)
{
    rpc.setHandler(QStringLiteral("DataTransfer"), [this](const RpcCall &c, RpcResponder r) {
        session().mutableState().lastNotifications.insert(c.action, c.payload);
        session().touch();
        r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("UnknownVendorId")}});
    });
}

} // namespace cb

namespace cb {

using namespace ops;

QList<OperationDefinition> DataTransferBlock::operations()
{
    OperationDefinition d = operation("data-transfer", "data-transfer", QT_TRANSLATE_NOOP("cb::operations", "Data transfer"),
                                           QT_TRANSLATE_NOOP("cb::operations", "Vendor-specific message; vendor-id is required."));
    OperationParameter vendor = text(QStringLiteral("vendor-id"), QT_TRANSLATE_NOOP("cb::operations", "the vendor's id, e.g. com.example"), 255, {}, kAll);
    vendor.example = "com.example";
    OperationParameter data = text(QStringLiteral("data"), QT_TRANSLATE_NOOP("cb::operations", "the data, sent as text"), 0);
    d.spec.parameters = {vendor, text(QStringLiteral("message-id"), QT_TRANSLATE_NOOP("cb::operations", "the vendor's message id"), 50), data};
    d.build = [](OcppVersion, const OperationArgs &a) -> Result<OcppRequest> {
        const QString vendorId = a.string(QStringLiteral("vendor-id")).trimmed();
        if (vendorId.isEmpty())
            return refuse(Text::tr("No vendorId given."), Text::tr("DataTransfer needs the vendor's id, e.g. com.example."));
        QJsonObject p{{QStringLiteral("vendorId"), vendorId}};
        if (!a.string(QStringLiteral("message-id")).isEmpty())
            p.insert(QStringLiteral("messageId"), a.string(QStringLiteral("message-id")));
        if (!a.string(QStringLiteral("data")).isEmpty())
            p.insert(QStringLiteral("data"), a.string(QStringLiteral("data")));
        return OcppRequest{QStringLiteral("DataTransfer"), p};
    };
    d.interpret = [](OperationResult &r) {
        if (r.outcome.status != CallOutcome::Status::Result || !r.reply.contains(QLatin1String("data")))
            return;
        const QJsonValue data = r.reply.value(QLatin1String("data"));
        r.data = QJsonObject{{QStringLiteral("data"), data}};
        QString shown = data.isString() ? data.toString()
                                        : QString::fromUtf8(QJsonDocument(QJsonArray{data}).toJson(QJsonDocument::Compact).mid(1).chopped(1));
        if (shown.size() > 200)
            shown = shown.left(200) + QStringLiteral("\u2026");
        r.text += Text::tr(", data: %1").arg(shown);
    };
    return {d};
}

} // namespace cb
