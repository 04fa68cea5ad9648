#include "operationcommand.h"

#include "apiclient.h"
#include "clicommand.h"
#include "station/operations/operationtable.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace cb::cli {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::cli)
};

QString versionsOf(const OperationSpec &spec, const OperationParameter &p)
{
    QStringList out;
    for (OcppVersion v : kAllVersions)
        if (spec.supports(v) && p.existsIn(v))
            out << versionName(v);
    return out.join(QStringLiteral(", "));
}

void printHelp(const OperationSpec &spec)
{
    auto &o = out();
    o << Text::tr("Usage: chargebench-cli station %1 ID").arg(spec.name);
    for (const OperationParameter &p : spec.parameters)
        o << (p.requiredIn.isEmpty() ? QStringLiteral(" [--%1 %2]") : QStringLiteral(" --%1 %2"))
                 .arg(p.name, p.type == OperationParameter::Type::Boolean ? QString() : p.typeName().toUpper());
    o << QStringLiteral(" [--json] [--api URL] [--token T | --token-file F] [--timeout S]") << Qt::endl;
    o << operationText(spec.title) << QStringLiteral(": ") << operationText(spec.description) << Qt::endl;
    o << Text::tr("OCPP versions: %1").arg(spec.versionList()) << Qt::endl;
    for (const OperationParameter &p : spec.parameters) {
        o << QStringLiteral("  --%1").arg(p.name).leftJustified(22) << operationText(p.description);
        o << Text::tr(" [%1]").arg(versionsOf(spec, p));
        if (p.type == OperationParameter::Type::Choice) {
            QStringList all;
            for (const OperationChoice &c : p.choices)
                all << c.value;
            o << Text::tr("; one of %1").arg(all.join(QLatin1Char('|')));
        }
        if (p.type == OperationParameter::Type::Integer)
            o << Text::tr("; %1 to %2").arg(p.minimum).arg(p.maximum);
        if (!p.defaultValue.isUndefined() && !p.defaultValue.isNull())
            o << Text::tr("; default %1").arg(p.defaultValue.toVariant().toString());
        if (!p.requiredIn.isEmpty())
            o << Text::tr("; required");
        o << Qt::endl;
    }
    o << Text::tr("Exit status: 0 accepted, 1 rejected or failed, 2 usage.") << Qt::endl;
}

} // namespace

bool isOperationName(const QString &name) { return OperationTable::instance().find(name) != nullptr; }

int listOperations()
{
    for (const OperationDefinition &d : OperationTable::instance().definitions())
        out() << QStringLiteral("  %1").arg(d.spec.name).leftJustified(26) << QStringLiteral("%1 (OCPP %2)").arg(operationText(d.spec.title), d.spec.versionList())
              << Qt::endl;
    out() << Text::tr("chargebench-cli station NAME --help describes one.") << Qt::endl;
    return Ok;
}

int runStationOperation(const QStringList &args)
{
    const QString name = args.value(1);
    const OperationDefinition *definition = OperationTable::instance().find(name);
    if (!definition) {
        err() << Text::tr("There is no operation \"%1\".").arg(name) << Qt::endl;
        listOperations();
        return Usage;
    }
    const OperationSpec &spec = definition->spec;
    QString station, api, token, tokenFile;
    bool json = false;
    qint64 timeoutS = 0;
    QHash<QString, QString> params;
    for (qsizetype i = 2; i < args.size(); ++i) {
        const QString a = args.at(i);
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            printHelp(spec);
            return Ok;
        }
        if (!a.startsWith(QLatin1String("--"))) {
            if (!station.isEmpty()) {
                err() << Text::tr("Unexpected argument \"%1\": the station is %2.").arg(a, station) << Qt::endl;
                return Usage;
            }
            station = a;
            continue;
        }
        QString key = a.mid(2);
        QString value;
        bool hasValue = false;
        if (const qsizetype eq = key.indexOf(QLatin1Char('=')); eq >= 0) {
            value = key.mid(eq + 1);
            key = key.left(eq);
            hasValue = true;
        }
        if (key == QLatin1String("json")) {
            json = true;
            continue;
        }
        const OperationParameter *p = spec.parameter(key);
        const bool isFlag = p && p->type == OperationParameter::Type::Boolean;
        if (!hasValue) {
            if (isFlag && (i + 1 >= args.size() || args.at(i + 1).startsWith(QLatin1String("--")))) {
                value = QStringLiteral("true");
            } else if (i + 1 < args.size()) {
                value = args.at(++i);
            } else {
                err() << Text::tr("--%1 needs a value.").arg(key) << Qt::endl;
                return Usage;
            }
        }
        if (key == QLatin1String("api"))
            api = value;
        else if (key == QLatin1String("token"))
            token = value;
        else if (key == QLatin1String("token-file"))
            tokenFile = value;
        else if (key == QLatin1String("timeout"))
            timeoutS = value.toLongLong();
        else
            params.insert(key, value);
    }
    if (station.isEmpty()) {
        err() << Text::tr("No station given.") << Qt::endl << Text::tr("Usage: chargebench-cli station %1 ID [--PARAM VALUE ...]; --help lists the parameters.").arg(name) << Qt::endl;
        return Usage;
    }
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        if (!spec.parameter(it.key())) {
            QStringList names;
            for (const OperationParameter &p : spec.parameters)
                names << QStringLiteral("--") + p.name;
            err() << Text::tr("%1 has no option --%2.").arg(name, it.key()) << Qt::endl
                  << (names.isEmpty() ? Text::tr("It takes no parameters.") : Text::tr("Its parameters: %1.").arg(names.join(QStringLiteral(", "))))
                  << Qt::endl;
            return Usage;
        }
    auto converted = OperationArgs::fromStrings(spec, params);
    if (!converted) {
        err() << converted.error().text() << Qt::endl;
        return Usage;
    }
    QJsonObject body = converted.value();
    if (timeoutS > 0)
        body.insert(QStringLiteral("timeoutMs"), timeoutS * 1000);
    ApiTarget target;
    if (!resolveApiTarget(api, token, tokenFile, target))
        return Usage;
    const QUrl url(target.base + QStringLiteral("stations/") + QString::fromLatin1(QUrl::toPercentEncoding(station))
                   + QStringLiteral("/operations/") + name);
    const HttpReply r = apiRequest("POST", url, target.token, QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (r.status == 0 || !r.body.contains(QLatin1String("result"))) {
        apiFailed(r, -1);
        return r.status == 400 ? Usage : Failure;
    }
    if (json)
        out() << QString::fromUtf8(QJsonDocument(r.body).toJson(QJsonDocument::Indented));
    const QString result = r.body.value(QLatin1String("result")).toString();
    const QString text = r.body.value(QLatin1String("text")).toString();
    const QString sent = r.body.value(QLatin1String("action")).toString();
    if (!json) {
        auto &stream = result == QLatin1String("accepted") ? out() : err();
        stream << (sent.isEmpty() ? QStringLiteral("%1 %2: %3").arg(name, station, text)
                                  : QStringLiteral("%1 %2 (%3, OCPP %4): %5")
                                        .arg(name, station, sent, r.body.value(QLatin1String("ocppVersion")).toString(), text))
               << Qt::endl;
        if (result == QLatin1String("accepted") && r.body.value(QLatin1String("data")).isArray())
            for (const QJsonValue &item : r.body.value(QLatin1String("data")).toArray()) {
                const QJsonObject o = item.toObject();
                const QString label = o.value(QLatin1String("component")).toString().isEmpty()
                    ? o.value(QLatin1String("variable")).toString()
                    : o.value(QLatin1String("component")).toString() + QLatin1Char('.') + o.value(QLatin1String("variable")).toString();
                out() << QStringLiteral("  %1 = %2").arg(label, o.value(QLatin1String("value")).toVariant().toString()) << Qt::endl;
            }
        if (!r.body.value(QLatin1String("hint")).toString().isEmpty())
            err() << r.body.value(QLatin1String("hint")).toString() << Qt::endl;
    }
    if (result == QLatin1String("accepted"))
        return Ok;
    if (result == QLatin1String("invalid-parameters") || result == QLatin1String("not-supported"))
        return Usage;
    return Failure;
}

} // namespace cb::cli
