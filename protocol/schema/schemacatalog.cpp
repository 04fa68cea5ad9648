#include "schemacatalog.h"

#include "common/logging.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace cb {

QString payloadKindName(PayloadKind k)
{
    switch (k) {
    case PayloadKind::Request: return QStringLiteral("request");
    case PayloadKind::Response: return QStringLiteral("response");
    case PayloadKind::Send: return QStringLiteral("send");
    }
    return {};
}

namespace {

QByteArray readResource(const QString &name)
{
    QFile f(QStringLiteral(":/schemas/") + name);
    if (!f.open(QIODevice::ReadOnly)) {
        qCCritical(lcSchema) << "embedded schema resource missing:" << name;
        return {};
    }
    return f.readAll();
}

} // namespace

const SchemaCatalog &SchemaCatalog::instance()
{
    // Function-local static: initialised once, thread-safe (C++11 magic statics).
    static const SchemaCatalog catalog({readResource(QStringLiteral("ocpp1_6.json")),
                                        readResource(QStringLiteral("ocpp2_0_1.json")),
                                        readResource(QStringLiteral("ocpp2_1.json"))});
    return catalog;
}

SchemaCatalog::SchemaCatalog(const std::array<QByteArray, 3> &files)
{
    static const QRegularExpression idPattern(
        QStringLiteral("^urn:(?:OCPP:Cp:\\d+:\\d+:\\d+:)?([A-Za-z0-9]+?)(\\.req|\\.conf|Request|Response)?$"));
    for (size_t i = 0; i < files.size(); ++i) {
        PerVersion &pv = m_versions[i];
        const QJsonArray schemas = QJsonDocument::fromJson(files[i]).array();
        for (const QJsonValue &value : schemas) {
            const QJsonObject s = value.toObject();
            const auto m = idPattern.match(s.value(QLatin1String("$id")).toString());
            if (!m.hasMatch()) {
                qCWarning(lcSchema) << "schema with unexpected $id skipped:" << s.value(QLatin1String("$id"));
                continue;
            }
            const QString action = m.captured(1);
            const QString suffix = m.captured(2);
            Entry &e = pv.entries[action];
            if (suffix == QLatin1String(".req") || suffix == QLatin1String("Request"))
                e.request = s;
            else if (suffix == QLatin1String(".conf") || suffix == QLatin1String("Response"))
                e.response = s;
            else
                e.send = s;
            ++pv.count;
        }
        for (auto it = pv.entries.cbegin(); it != pv.entries.cend(); ++it) {
            if (!it->request.isEmpty() && !it->response.isEmpty())
                pv.actions.append(it.key());
            if (!it->send.isEmpty())
                pv.sendActions.append(it.key());
        }
        pv.actions.sort();
        pv.sendActions.sort();
    }
}

QStringList SchemaCatalog::actions(OcppVersion v) const { return of(v).actions; }
QStringList SchemaCatalog::sendActions(OcppVersion v) const { return of(v).sendActions; }

bool SchemaCatalog::knowsAction(OcppVersion v, const QString &action) const
{
    return of(v).entries.contains(action);
}

bool SchemaCatalog::isSendAction(OcppVersion v, const QString &action) const
{
    const auto it = of(v).entries.constFind(action);
    return it != of(v).entries.cend() && !it->send.isEmpty();
}

QJsonObject SchemaCatalog::schema(OcppVersion v, const QString &action, PayloadKind kind) const
{
    const auto it = of(v).entries.constFind(action);
    if (it == of(v).entries.cend())
        return {};
    switch (kind) {
    case PayloadKind::Request: return it->request;
    case PayloadKind::Response: return it->response;
    case PayloadKind::Send: return it->send;
    }
    return {};
}

bool SchemaCatalog::hasSchema(OcppVersion v, const QString &action, PayloadKind kind) const
{
    return !schema(v, action, kind).isEmpty();
}

int SchemaCatalog::schemaCount(OcppVersion v) const { return of(v).count; }

QString SchemaCatalog::attribution()
{
    return QStringLiteral("OCPP JSON schemas (c) Open Charge Alliance, CC BY-ND 4.0, embedded unmodified "
                          "from the npm package ocpp-rpc@2.2.1.");
}

} // namespace cb
