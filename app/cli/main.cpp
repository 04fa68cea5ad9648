// chargebench-cli: the headless face of ChargeBench. Each subcommand lives in its own file; this
// file only dispatches.
#include "capturecommands.h"
#include "clicommand.h"
#include "inspectcommands.h"
#include "profilecommands.h"
#include "schemacommands.h"
#include "serialcommands.h"
#include "servecommand.h"
#include "simulatecommand.h"
#include "stationcommands.h"

#include <QCoreApplication>

#include <cstdio>
#include <functional>
#include <map>

namespace cb::cli {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

} // namespace cb::cli

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chargebench"));
    QCoreApplication::setOrganizationName(QStringLiteral("ChargeBench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CHARGEBENCH_VERSION));

    using Command = std::function<int(const QStringList &)>;
    const std::map<QString, std::pair<Command, const char *>> commands{
        {QStringLiteral("capture"), {cb::cli::runCaptureCommand, "export, import and lint captures (JSON lines; import also pcap/pcapng)"}},
        {QStringLiteral("profile"), {cb::cli::runProfile, "apply a commissioning profile through a running server's API, or save one"}},
        {QStringLiteral("schemas"), {cb::cli::runSchemas, "list the embedded OCPP schemas"}},
        {QStringLiteral("serial"), {cb::cli::runSerial, "read charger hardware over a service cable (RAPI, Modbus)"}},
        {QStringLiteral("validate"), {cb::cli::runValidate, "validate a payload file against a schema"}},
        {QStringLiteral("serve"), {cb::cli::runServe, "run the OCPP server headless, capturing every frame"}},
        {QStringLiteral("simulate"), {cb::cli::runSimulate, "run virtual charging stations against a CSMS"}},
        {QStringLiteral("station"), {cb::cli::runStation, "run operations on a station (reset, trigger, get-variables, ...) and manage its password"}},
    };

    const QStringList args = app.arguments();
    const QString name = args.size() > 1 ? args.at(1) : QString();
    const auto it = commands.find(name);
    if (it == commands.end()) {
        auto &e = cb::cli::err();
        if (!name.isEmpty() && name != QLatin1String("--help") && name != QLatin1String("-h"))
            e << QCoreApplication::translate("cb::cli", "Unknown command \"%1\".").arg(name) << Qt::endl;
        e << QCoreApplication::translate("cb::cli", "Usage: chargebench-cli COMMAND [options]; COMMAND --help for details.")
          << Qt::endl;
        for (const auto &[cmd, entry] : commands)
            e << QStringLiteral("  ") << cmd.leftJustified(12) << QCoreApplication::translate("cb::cli", entry.second) << Qt::endl;
        return name.isEmpty() || name == QLatin1String("--help") || name == QLatin1String("-h") ? 0 : cb::cli::Usage;
    }
    // Subcommands parse "chargebench-cli COMMAND ..." as their own argv.
    QStringList sub = args;
    sub[0] = args.at(0) + QLatin1Char(' ') + name;
    sub.removeAt(1);
    return it->second.first(sub);
}
