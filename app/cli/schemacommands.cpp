#include "schemacommands.h"

#include "clicommand.h"
#include "schema/samplegenerator.h"
#include "schema/schemacatalog.h"
#include "schema/schemavalidator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace cb::cli {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::cli)
};
} // namespace

int runSchemas(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(Text::tr("List the embedded official OCPP JSON schemas."));
    p.addHelpOption();
    p.process(args);
    const SchemaCatalog &c = SchemaCatalog::instance();
    for (OcppVersion v : kAllVersions) {
        out() << Text::tr("OCPP %1: %2 schemas, %3 CALL actions, %4 SEND actions")
                     .arg(versionName(v))
                     .arg(c.schemaCount(v))
                     .arg(c.actions(v).size())
                     .arg(c.sendActions(v).size())
              << Qt::endl;
    }
    out() << SchemaCatalog::attribution() << Qt::endl;
    return Ok;
}

int runValidate(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(Text::tr("Validate an OCPP payload (a JSON object) against the official schema."));
    p.addHelpOption();
    p.addOption({QStringLiteral("ocpp"), Text::tr("OCPP version: 1.6, 2.0.1 or 2.1."), Text::tr("version")});
    p.addOption({QStringLiteral("action"), Text::tr("Action name, e.g. BootNotification."), Text::tr("action")});
    p.addOption({QStringLiteral("kind"), Text::tr("request, response or send (default request)."), Text::tr("kind"),
                 QStringLiteral("request")});
    p.addPositionalArgument(QStringLiteral("file"), Text::tr("JSON file with the payload; - for standard input."));
    p.process(args);

    const auto version = parseVersion(p.value(QStringLiteral("ocpp")));
    if (!version) {
        err() << Text::tr("Unknown or missing --ocpp version. Use 1.6, 2.0.1 or 2.1.") << Qt::endl;
        return Usage;
    }
    const QString action = p.value(QStringLiteral("action"));
    const QString kindText = p.value(QStringLiteral("kind"));
    PayloadKind kind = PayloadKind::Request;
    if (kindText == QLatin1String("response"))
        kind = PayloadKind::Response;
    else if (kindText == QLatin1String("send"))
        kind = PayloadKind::Send;
    else if (kindText != QLatin1String("request")) {
        err() << Text::tr("--kind must be request, response or send.") << Qt::endl;
        return Usage;
    }
    if (p.positionalArguments().size() != 1) {
        err() << Text::tr("Give one payload file (or - for standard input).") << Qt::endl;
        return Usage;
    }
    const QString path = p.positionalArguments().first();
    QFile f(path);
    const bool opened = path == QLatin1String("-") ? f.open(stdin, QIODevice::ReadOnly) : f.open(QIODevice::ReadOnly);
    if (!opened) {
        err() << Text::tr("Cannot read %1: %2").arg(path, f.errorString()) << Qt::endl;
        return Failure;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        err() << Text::tr("%1 is not a JSON object (%2). An OCPP payload is an object, {} when empty.")
                     .arg(path, pe.errorString())
              << Qt::endl;
        return Failure;
    }
    const Violations v = SchemaValidator::shared().validate(*version, action, kind, doc.object());
    if (v.isEmpty()) {
        out() << Text::tr("valid") << Qt::endl;
        return Ok;
    }
    for (const Violation &x : v)
        out() << x.text() << QStringLiteral("  [") << canonicalName(x.code) << QStringLiteral("]") << Qt::endl;
    return Failure;
}

} // namespace cb::cli
