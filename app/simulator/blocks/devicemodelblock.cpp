#include "devicemodelblock.h"

#include "simulator/virtualstation.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace cb::sim {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::sim::DeviceModelBlock)
};
} // namespace

int DeviceModelBlock::limit(const QString &instance, int fallback) const
{
    return const_cast<DeviceModelBlock *>(this)->station().deviceModel()->intValue(QStringLiteral("DeviceDataCtrlr"), QStringLiteral("ItemsPerMessage"),
                                                                                    fallback, instance);
}

void DeviceModelBlock::attach(RpcEndpoint &rpc)
{
    station().handle(rpc, QStringLiteral("GetVariables"), [this](const RpcCall &c, RpcResponder r) {
        const QJsonArray data = c.payload.value(QLatin1String("getVariableData")).toArray();
        const int max = limit(QStringLiteral("GetVariables"), 50);
        if (data.size() > max) {
            r.error(RpcErrorCode::OccurrenceConstraintViolation,
                    Text::tr("%1 variables requested; ItemsPerMessage[GetVariables] is %2.").arg(data.size()).arg(max));
            return;
        }
        QJsonArray results;
        for (const QJsonValue &d : data)
            results.append(station().deviceModel()->get(d.toObject()));
        r.result(QJsonObject{{QStringLiteral("getVariableResult"), results}});
    });
    station().handle(rpc, QStringLiteral("SetVariables"), [this](const RpcCall &c, RpcResponder r) {
        const QJsonArray data = c.payload.value(QLatin1String("setVariableData")).toArray();
        const int max = limit(QStringLiteral("SetVariables"), 50);
        if (data.size() > max) {
            r.error(RpcErrorCode::OccurrenceConstraintViolation,
                    Text::tr("%1 variables given; ItemsPerMessage[SetVariables] is %2.").arg(data.size()).arg(max));
            return;
        }
        QJsonArray results;
        QStringList changed;
        for (const QJsonValue &d : data) {
            const DeviceModel::SetOutcome out = station().deviceModel()->set(d.toObject());
            results.append(out.result);
            if (out.changed) {
                changed << out.changed->variable;
                station().note(Text::tr("%1.%2 set to \"%3\" (%4)")
                                   .arg(out.changed->component, out.changed->variable,
                                        out.changed->attribute(QStringLiteral("Actual"))->mutability == QLatin1String("WriteOnly")
                                            ? QStringLiteral("***")
                                            : d.toObject().value(QLatin1String("attributeValue")).toString(),
                                        out.result.value(QLatin1String("attributeStatus")).toString()));
            }
        }
        r.result(QJsonObject{{QStringLiteral("setVariableResult"), results}});
        station().afterReply([this, changed] {
            for (const QString &name : changed)
                station().settingChanged(name);
        });
    });
    station().handle(rpc, QStringLiteral("GetBaseReport"), [this](const RpcCall &c, RpcResponder r) {
        const QList<QJsonObject> entries = station().deviceModel()->baseReport(c.payload.value(QLatin1String("reportBase")).toString());
        r.result(QJsonObject{{QStringLiteral("status"), entries.isEmpty() ? QStringLiteral("EmptyResultSet") : QStringLiteral("Accepted")}});
        if (!entries.isEmpty())
            sendReport(c.payload.value(QLatin1String("requestId")).toInt(), entries);
    });
    station().handle(rpc, QStringLiteral("GetReport"), [this](const RpcCall &c, RpcResponder r) {
        const QList<QJsonObject> entries = station().deviceModel()->report(c.payload.value(QLatin1String("componentVariable")).toArray(),
                                                                           c.payload.value(QLatin1String("componentCriteria")).toArray());
        if (entries.isEmpty()) {
            r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("EmptyResultSet")},
                                 {QStringLiteral("statusInfo"), QJsonObject{{QStringLiteral("reasonCode"), QStringLiteral("NotFound")}}}});
            return;
        }
        r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")}});
        sendReport(c.payload.value(QLatin1String("requestId")).toInt(), entries);
    });
}

void DeviceModelBlock::sendReport(int requestId, const QList<QJsonObject> &entries)
{
    const int perPage = std::max(1, limit(QStringLiteral("GetReport"), 50));
    const QString generatedAt = VirtualStation::now();
    station().note(Text::tr("reporting %1 variables in %2 NotifyReport messages").arg(entries.size()).arg((entries.size() + perPage - 1) / perPage));
    station().afterReply([this, requestId, entries, perPage, generatedAt] {
        QList<QJsonObject> pages;
        int seqNo = 0;
        for (qsizetype i = 0; i < entries.size(); i += perPage) {
            QJsonArray page;
            for (qsizetype j = i; j < std::min(entries.size(), i + perPage); ++j)
                page.append(entries.at(j));
            const bool more = i + perPage < entries.size();
            pages.append(QJsonObject{{QStringLiteral("requestId"), requestId},
                                     {QStringLiteral("generatedAt"), generatedAt},
                                     {QStringLiteral("tbc"), more},
                                     {QStringLiteral("seqNo"), seqNo++},
                                     {QStringLiteral("reportData"), page}});
        }
        // Paging faults for tests of the CSMS side (VirtualStationConfig::reportPagingFault).
        const QString fault = station().config().reportPagingFault;
        if (fault == QLatin1String("reverse")) {
            std::reverse(pages.begin(), pages.end());
        } else if (fault == QLatin1String("duplicate")) {
            QList<QJsonObject> twice;
            for (const QJsonObject &p : pages)
                twice << p << p;
            pages = twice;
        } else if (fault.startsWith(QLatin1String("drop:"))) {
            const int drop = fault.mid(5).toInt();
            pages.removeIf([drop](const QJsonObject &p) { return p.value(QLatin1String("seqNo")).toInt() == drop; });
        }
        for (const QJsonObject &p : pages)
            station().call(QStringLiteral("NotifyReport"), p, {}, VirtualStation::Delivery::Triggered);
    });
}

} // namespace cb::sim
